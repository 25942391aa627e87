import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_US3_READONLY_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { FIXED_NOW, api, call, queryUrl, readAllPages, startTestSimulator } from "./helpers";

let sim: Rapid7Simulator;
let logId: string;

beforeAll(async () => {
  ({ sim } = await startTestSimulator());
  sim.control.setKnobs({ pendingPolls: 0 });
  logId = sim.control.findLog({ region: "us3", logName: "InsightIDR Audit" }).id;
});
afterAll(() => sim.close());

describe("download endpoint", () => {
  it("streams one message per line, the same messages a query returns", async () => {
    const { events } = await readAllPages(
      queryUrl(sim, logId, { time_range: "last 2 days", per_page: 500, query: "where(result=FAILURE)" }),
    );
    expect(events.length).toBeGreaterThan(0);
    const url = `${api(sim, "us3", `log_search/download/logs/${logId}`)}?time_range=last%202%20days&query=${encodeURIComponent("where(result=FAILURE)")}`;
    const result = await call(url);
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(result.headers.get("x-ratelimit-limit")).toBe("1500");
    expect(result.text.trimEnd().split("\n")).toEqual(events.map((event) => event.message));
  });

  it("honours limit and from without to", async () => {
    const from = FIXED_NOW - 3 * 86_400_000;
    const result = await call(`${api(sim, "us3", `download/logs/${logId}`)}?from=${from}&limit=7`);
    expect(result.status).toBe(200);
    expect(result.text.trimEnd().split("\n")).toHaveLength(7);
  });

  it("refuses more than 10 logs, a missing range and a non-admin key on audit logs", async () => {
    const ids = Array.from({ length: 11 }, () => logId).join(":");
    expect((await call(`${api(sim, "us3", `log_search/download/logs/${ids}`)}?time_range=today`)).status).toBe(400);
    expect((await call(api(sim, "us3", `log_search/download/logs/${logId}`))).status).toBe(400);
    const forbidden = await call(`${api(sim, "us3", `log_search/download/logs/${logId}`)}?time_range=today`, {
      key: DEMO_US3_READONLY_KEY,
    });
    expect(forbidden.status).toBe(403);
  });
});
