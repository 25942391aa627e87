import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChaosOptions, Rapid7Simulator } from "@/simulator/rapid7";
import { api, call, linkOf, queryUrl, readAllPages, startTestSimulator } from "./helpers";

let sim: Rapid7Simulator;
let logId: string;

beforeAll(async () => {
  ({ sim } = await startTestSimulator());
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset();
  logId = sim.control.findLog({ region: "us3", logName: "InsightIDR Audit" }).id;
});

/** Status of a request, or "reset" when the connection was dropped. */
async function outcome(url: string): Promise<number | "reset"> {
  try {
    return (await call(url)).status;
  } catch {
    return "reset";
  }
}

describe("fault queue", () => {
  it("consumes faults in order, each by the first request it matches", async () => {
    sim.control.injectFaults([
      { kind: "status", status: 502, pathPattern: "/query/logs/" },
      { kind: "status", status: 503, count: 2 },
      { kind: "status", status: 429, retryAfterSec: 7 },
    ]);
    expect(sim.control.stats().pendingFaults).toBe(4);
    expect(await outcome(api(sim, "us3", "validate"))).toBe(503);
    expect(await outcome(queryUrl(sim, logId, { time_range: "today" }))).toBe(502);
    expect(await outcome(api(sim, "us3", "validate"))).toBe(503);
    const limited = await call(api(sim, "us3", "validate"));
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ message: "Too Many Requests" });
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(await outcome(api(sim, "us3", "validate"))).toBe(200);
    expect(sim.control.stats()).toMatchObject({ pendingFaults: 0, faultsInjected: 4 });
  });

  it("matches path patterns given as regular expressions against path and query", async () => {
    sim.control.injectFaults([{ kind: "status", status: 500, pathPattern: /per_page=7\b/ }]);
    expect(await outcome(queryUrl(sim, logId, { time_range: "today", per_page: 70 }))).toBe(202);
    expect(await outcome(queryUrl(sim, logId, { time_range: "today", per_page: 7 }))).toBe(500);
  });

  it("limits a fault to the API key it names, so other callers of the simulator do not use it up", async () => {
    sim.control.addKey({ key: "test-owned-key", region: "us3", admin: true });
    sim.control.injectFaults([
      { kind: "status", status: 503, count: 2, pathPattern: "/validate", apiKey: "test-owned-key" },
    ]);
    expect(await outcome(api(sim, "us3", "validate"))).toBe(200);
    expect((await call(api(sim, "us3", "validate"), { key: "test-owned-key" })).status).toBe(503);
    expect(await outcome(api(sim, "us3", "validate"))).toBe(200);
    expect((await call(api(sim, "us3", "validate"), { key: "test-owned-key" })).status).toBe(503);
    expect((await call(api(sim, "us3", "validate"), { key: "test-owned-key" })).status).toBe(200);
    expect(sim.control.stats()).toMatchObject({ pendingFaults: 0, faultsInjected: 2 });
  });

  it("gives 5xx faults a JSON message body", async () => {
    sim.control.injectFaults([{ kind: "status", status: 500 }]);
    const result = await call(api(sim, "us3", "validate"));
    expect(result.body).toEqual({ message: "Internal Server Error" });
    expect(result.headers.get("content-type")).toBe("application/json");
  });

  it("resets connections, then serves normally", async () => {
    sim.control.injectFaults([{ kind: "reset", count: 2 }]);
    expect(await outcome(api(sim, "us3", "validate"))).toBe("reset");
    expect(await outcome(api(sim, "us3", "validate"))).toBe("reset");
    expect(await outcome(api(sim, "us3", "validate"))).toBe(200);
    expect(sim.control.stats().requests).toContainEqual({
      key: "demo-us3-admin-key",
      family: "management",
      status: 0,
      count: 2,
    });
  });

  it("delays matching responses", async () => {
    sim.control.injectFaults([{ kind: "delay", ms: 300 }]);
    const started = performance.now();
    expect(await outcome(api(sim, "us3", "validate"))).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    // The delay was one request's: nothing is left queued to slow the next one.
    expect(sim.control.stats().pendingFaults).toBe(0);
  });

  it("slows every response with the latencyMs knob", async () => {
    sim.control.setKnobs({ latencyMs: 150 });
    const started = performance.now();
    await call(api(sim, "us3", "validate"));
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("expires only continuation links (Self polls and Next links)", async () => {
    sim.control.injectFaults([{ kind: "expireContinuation", count: 2 }]);
    // Creating a query is not a continuation: it goes through and leaves the fault pending.
    const created = await call(queryUrl(sim, logId, { time_range: "last 2 days", per_page: 5 }));
    expect(created.status).toBe(202);
    const self = linkOf(created.body, "Self") ?? "";
    const expired = await call(self);
    expect(expired.status).toBe(404);
    expect(expired.body).toEqual({ message: "Not Found" });

    sim.control.setKnobs({ pendingPolls: 0 });
    const first = await call(queryUrl(sim, logId, { time_range: "last 2 days", per_page: 5 }));
    const next = linkOf(first.body, "Next") ?? "";
    expect((await call(next)).status).toBe(404);
    expect(sim.control.stats().pendingFaults).toBe(0);
    // The expired job is gone for good; the Next link was only refused once.
    expect((await call(self)).status).toBe(404);
    expect((await call(next)).status).toBe(200);
  });

  it("leaves data untouched when a query creation is faulted", async () => {
    const before = sim.control.listEntries({ logId });
    sim.control.injectFaults([
      { kind: "status", status: 500, pathPattern: "query/logs" },
      { kind: "reset", pathPattern: "query/logs" },
    ]);
    expect(await outcome(queryUrl(sim, logId, { time_range: "last 2 days" }))).toBe(500);
    expect(await outcome(queryUrl(sim, logId, { time_range: "last 2 days" }))).toBe("reset");
    expect(sim.control.stats()).toMatchObject({ queryJobsCreated: 0, activeQueryJobs: 0 });
    expect(sim.control.listEntries({ logId })).toEqual(before);
    const retried = await call(queryUrl(sim, logId, { time_range: "last 2 days" }));
    expect(retried.status).toBe(202);
    expect(retried.body.progress).toBe(0);
  });

  it("rejects malformed fault specs", () => {
    expect(() => sim.control.injectFaults([{ kind: "status", status: 418 as 500 }])).toThrow();
    expect(() => sim.control.injectFaults([{ kind: "delay", ms: -1 }])).toThrow();
  });

  it("lets a careful client finish a backfill through a burst of faults without losing or duplicating events", async () => {
    sim.control.injectFaults([
      { kind: "status", status: 503, count: 2, pathPattern: "/query/" },
      { kind: "expireContinuation" },
    ]);
    const url = queryUrl(sim, logId, { time_range: "last 7 days", per_page: 100 });
    const seen = new Map<string, number>();
    let attempts = 0;
    // Retries a failed start; restarts the window when a continuation has expired.
    while (attempts++ < 10) {
      try {
        const { events } = await readAllPages(url);
        for (const event of events) seen.set(event.sequence_number_str, (seen.get(event.sequence_number_str) ?? 0) + 1);
        break;
      } catch {
        seen.clear();
      }
    }
    expect(seen.size).toBe(sim.control.listEntries({ logId }).length);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(sim.control.stats().faultsInjected).toBe(3);
  });
});

describe("chaos mode", () => {
  async function run(options: ChaosOptions, requests: number): Promise<Array<number | "reset">> {
    sim.control.reset();
    sim.control.setChaos(options);
    const outcomes: Array<number | "reset"> = [];
    for (let i = 0; i < requests; i++) outcomes.push(await outcome(api(sim, "us3", "validate")));
    return outcomes;
  }

  it("injects faults into about the requested fraction of requests, reproducibly for a seed", async () => {
    const options: ChaosOptions = { rate: 0.3, seed: 42, kinds: ["5xx", "429", "reset"] };
    const first = await run(options, 80);
    const again = await run(options, 80);
    expect(again).toEqual(first);
    const faulted = first.filter((status) => status !== 200);
    expect(faulted.length).toBeGreaterThanOrEqual(12);
    expect(faulted.length).toBeLessThanOrEqual(40);
    expect(faulted.every((s) => [500, 502, 503, 429, "reset"].includes(s))).toBe(true);
    expect(faulted.some((s) => s === "reset")).toBe(true);
    expect(faulted.some((s) => typeof s === "number" && s >= 500)).toBe(true);
    expect(await run({ ...options, seed: 43 }, 80)).not.toEqual(first);
  });

  it("sends small Retry-After values on chaos 429s", async () => {
    sim.control.setChaos({ rate: 1, seed: 3, kinds: ["429"], maxRetryAfterSec: 2 });
    for (let i = 0; i < 10; i++) {
      const result = await call(api(sim, "us3", "validate"));
      expect(result.status).toBe(429);
      expect(Number(result.headers.get("retry-after"))).toBeLessThanOrEqual(2);
    }
  });

  it("expires only continuations and can be switched off", async () => {
    sim.control.setChaos({ rate: 1, seed: 5, kinds: ["expireContinuation"] });
    expect(await outcome(api(sim, "us3", "validate"))).toBe(200);
    const created = await call(queryUrl(sim, logId, { time_range: "today" }));
    expect(created.status).toBe(202);
    expect(await outcome(linkOf(created.body, "Self") ?? "")).toBe(404);
    sim.control.setChaos(null);
    const fresh = await call(queryUrl(sim, logId, { time_range: "today" }));
    expect(await outcome(linkOf(fresh.body, "Self") ?? "")).toBe(200);
  });
});
