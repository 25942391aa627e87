import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { FIXED_NOW, call, linkOf, queryUrl, startTestSimulator } from "./helpers";

/** Statistical queries count a window per bucket, and late entries become countable (and readable) only once added. */
const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;

type Statistics = {
  count: number;
  granularity: number;
  timeseries: { global_timeseries: Array<{ count: number }> };
};

let sim: Rapid7Simulator;
let clock: { now: number };
let idr: string;

beforeAll(async () => {
  ({ sim, clock } = await startTestSimulator({ seed: false }));
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset(false);
  sim.control.addOrg({
    name: "Counting",
    region: "us3",
    logs: [{ name: "InsightIDR Audit", logsetName: "Audit Logs", audit: true, profile: "idr" }],
    keys: [{ key: "count-key", admin: true }],
  });
  idr = sim.control.findLog({ region: "us3", logName: "InsightIDR Audit" }).id;
  clock.now = FIXED_NOW;
});

const range = { from: FIXED_NOW - 4 * WINDOW, to: FIXED_NOW };
const countQuery = { ...range, query: "calculate(count) timeslice(4)" };

async function statisticsOf(url: string): Promise<{ statistics: Statistics; partials: Statistics[] }> {
  const partials: Statistics[] = [];
  let next: string | undefined = url;
  while (next) {
    const result = await call(next, { key: "count-key" });
    const body = result.body as unknown as { statistics?: Statistics; partial?: Statistics };
    if (result.status === 202 || linkOf(result.body, "Self")) {
      expect(result.status).toBe(202);
      expect(body.partial).toBeDefined();
      partials.push(body.partial!);
      next = linkOf(result.body, "Self");
      continue;
    }
    expect(result.status).toBe(200);
    return { statistics: body.statistics!, partials };
  }
  throw new Error("no answer");
}

describe("calculate(count) with a timeseries", () => {
  it("counts each bucket of the range, and serves the same shape under partial while running", async () => {
    for (const [bucket, count] of [
      [0, 3],
      [2, 5],
      [3, 1],
    ] as const) {
      sim.control.appendEvents({ logId: idr, count, envelopeTimestampMs: range.from + bucket * WINDOW + 1_000 });
    }
    sim.control.setKnobs({ pendingPolls: 2, progressStep: 50 });
    const { statistics, partials } = await statisticsOf(queryUrl(sim, idr, countQuery));
    // Counted so far: nothing at progress 0, about half at 50.
    expect(partials.map((partial) => partial.count)).toEqual([0, 4]);
    expect(partials[1]!.timeseries.global_timeseries).toHaveLength(4);
    expect(statistics.count).toBe(9);
    expect(statistics.granularity).toBe(WINDOW);
    expect(statistics.timeseries.global_timeseries.map((bucket) => bucket.count)).toEqual([3, 0, 5, 1]);
  });

  it("accepts a duration timeslice and refuses pagination", async () => {
    sim.control.setKnobs({ pendingPolls: 0 });
    const result = await call(queryUrl(sim, idr, { ...range, query: "calculate(count) timeslice(15m)" }), {
      key: "count-key",
    });
    const statistics = (result.body as unknown as { statistics: Statistics }).statistics;
    expect(statistics.granularity).toBe(WINDOW);
    expect(statistics.timeseries.global_timeseries).toHaveLength(4);
    const paged = await call(queryUrl(sim, idr, { ...countQuery, per_page: 50 }), { key: "count-key" });
    expect(paged.status).toBe(400);
  });

  it("counts a record made searchable 40 minutes after its receive time only once it is added", async () => {
    sim.control.setKnobs({ pendingPolls: 0 });
    const before = await statisticsOf(queryUrl(sim, idr, countQuery));
    expect(before.statistics.count).toBe(0);
    const late = sim.control.addLateEvents({ logId: idr, count: 2, envelopeAgoMs: 40 * MINUTE });
    expect(late.every((entry) => entry.timestampMs === FIXED_NOW - 40 * MINUTE)).toBe(true);
    const after = await statisticsOf(queryUrl(sim, idr, countQuery));
    // 40 minutes before the end of a 4 × 15 min range lands in its second bucket.
    expect(after.statistics.timeseries.global_timeseries.map((bucket) => bucket.count)).toEqual([0, 2, 0, 0]);
  });
});
