import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_US3_READONLY_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { FIXED_NOW, api, call, linkOf, queryUrl, startTestSimulator } from "./helpers";

let sim: Rapid7Simulator;
let clock: { now: number };
let logId: string;

beforeAll(async () => {
  ({ sim, clock } = await startTestSimulator());
});
afterAll(() => sim.close());
beforeEach(() => {
  clock.now = FIXED_NOW;
  sim.control.reset();
  logId = sim.control.findLog({ region: "us3", logName: "InsightIDR Audit" }).id;
});

const remaining = (headers: Headers) => [headers.get("x-ratelimit-remaining"), headers.get("ratelimit-remaining")];

describe("rate limiting", () => {
  it("counts query and management requests in separate budgets per key", async () => {
    expect(remaining((await call(api(sim, "us3", "validate"))).headers)).toEqual(["1499", "1499"]);
    expect(remaining((await call(api(sim, "us3", "log_search/management/logs"))).headers)).toEqual(["1498", "1498"]);
    const created = await call(queryUrl(sim, logId, { time_range: "today" }));
    expect(remaining(created.headers)).toEqual(["1499", "1499"]);
    // Polls count against the query budget too.
    const polled = await call(linkOf(created.body, "Self") ?? "");
    expect(remaining(polled.headers)).toEqual(["1498", "1498"]);
    expect(remaining((await call(api(sim, "us3", "log_search/management/logsets"))).headers)).toEqual(["1497", "1497"]);
    // Another key has its own budget.
    expect(remaining((await call(api(sim, "us3", "validate"), { key: DEMO_US3_READONLY_KEY })).headers)).toEqual([
      "1499",
      "1499",
    ]);
  });

  it("answers 429 with Retry-After once the window's budget is spent, and recovers when it resets", async () => {
    sim.control.setKnobs({ rateLimit: { limit: 3, windowSec: 60 } });
    for (const expected of ["2", "1", "0"]) {
      const ok = await call(api(sim, "us3", "validate"));
      expect(ok.status).toBe(200);
      expect(ok.headers.get("x-ratelimit-remaining")).toBe(expected);
      expect(ok.headers.get("x-ratelimit-limit")).toBe("3");
    }
    clock.now += 20_000;
    const limited = await call(api(sim, "us3", "validate"));
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: "Too Many Requests" });
    expect(limited.headers.get("retry-after")).toBe("40");
    expect(limited.headers.get("x-ratelimit-reset")).toBe("40");
    expect(limited.headers.get("ratelimit-reset")).toBe("40");
    expect(remaining(limited.headers)).toEqual(["0", "0"]);

    // The query family still has budget.
    expect((await call(queryUrl(sim, logId, { time_range: "today" }))).status).toBe(202);

    clock.now += 40_000;
    const recovered = await call(api(sim, "us3", "validate"));
    expect(recovered.status).toBe(200);
    expect(recovered.headers.get("x-ratelimit-remaining")).toBe("2");
    expect(recovered.headers.get("x-ratelimit-reset")).toBe("60");
  });

  it("lets a client resume the same Self href after a 429 in the middle of polling", async () => {
    sim.control.setKnobs({ rateLimit: { limit: 2, windowSec: 10 }, pendingPolls: 2 });
    const created = await call(queryUrl(sim, logId, { time_range: "last 2 days", per_page: 20 }));
    const self = linkOf(created.body, "Self") ?? "";
    expect((await call(self)).status).toBe(202);
    const limited = await call(self);
    expect(limited.status).toBe(429);
    clock.now += Number(limited.headers.get("retry-after")) * 1000;
    const page = await call(self);
    expect(page.status).toBe(200);
    expect(page.body.events).toHaveLength(20);
  });

  it("records every answer in the request statistics", async () => {
    sim.control.setKnobs({ rateLimit: { limit: 1, windowSec: 900 } });
    await call(api(sim, "us3", "validate"));
    await call(api(sim, "us3", "validate"));
    await call(api(sim, "us3", "validate"), { key: null });
    const stats = sim.control.stats();
    expect(stats.totalRequests).toBe(3);
    expect(stats.requests).toEqual(
      expect.arrayContaining([
        { key: "demo-us3-admin-key", family: "management", status: 200, count: 1 },
        { key: "demo-us3-admin-key", family: "management", status: 429, count: 1 },
        { key: "(none)", family: "management", status: 401, count: 1 },
      ]),
    );
  });
});
