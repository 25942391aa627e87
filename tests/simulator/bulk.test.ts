import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Rapid7Simulator, SeedBulkResult } from "@/simulator/rapid7";
import { DEMO_US3_ADMIN_KEY } from "@/simulator/rapid7";
import { FIXED_NOW, auditIdOf, call, linkOf, queryUrl, readAllPages, startTestSimulator } from "./helpers";

const MILLION = 1_000_000;
const WEEK = 7 * 86_400_000;

let sim: Rapid7Simulator;
let bulk: SeedBulkResult;
let heapGrowthBytes: number;

beforeAll(async () => {
  ({ sim } = await startTestSimulator({ seed: { seedDays: 0 } }));
  const heapBefore = process.memoryUsage().heapUsed;
  bulk = sim.control.seedBulk({
    region: "us3",
    logName: "InsightIDR Audit",
    count: MILLION,
    fromMs: FIXED_NOW - WEEK,
    toMs: FIXED_NOW,
    seed: 11,
  });
  heapGrowthBytes = process.memoryUsage().heapUsed - heapBefore;
  // A backfill client would hit the real rate limit long before 1M events; this measures the simulator.
  sim.control.setKnobs({ rateLimit: { limit: 1_000_000, windowSec: 900 } });
});
afterAll(() => sim.close());

/** The href of the last top-level link of a page, read from the raw text without parsing 700 KB. */
function trailingLink(text: string): { rel: string; href: string } | undefined {
  const start = text.lastIndexOf('"links":[{"rel":"');
  const tail = text.slice(start);
  const match = /^"links":\[\{"rel":"(\w+)","href":"([^"]+)"\}(?:,\{"rel":"\w+","href":"[^"]+"\})*\]\}$/.exec(tail);
  return match && match[1] !== "Context" ? { rel: match[1] ?? "", href: match[2] ?? "" } : undefined;
}

describe("bulk seeding", () => {
  it("holds 1,000,000 entries without storing their messages", () => {
    expect(bulk).toMatchObject({ count: MILLION, fromMs: FIXED_NOW - WEEK, toMs: FIXED_NOW });
    expect(BigInt(bulk.firstSeq)).toBeGreaterThan(2n ** 60n);
    expect(BigInt(bulk.lastSeq)).toBeGreaterThan(BigInt(bulk.firstSeq));
    expect(sim.control.findLog({ logId: bulk.logId }).entryCount).toBe(MILLION);
    // One million ~800-byte messages would need about a gigabyte.
    expect(heapGrowthBytes).toBeLessThan(20 * 1024 * 1024);
  });

  it("serves a page from the middle of the log, consistent with the read-back", async () => {
    sim.control.setKnobs({ pendingPolls: 0 });
    const readBack = sim.control.listEntries({ logId: bulk.logId, offset: 600_000, limit: 500 });
    const result = await call(
      queryUrl(sim, bulk.logId, { from: readBack[0]?.timestampMs ?? 0, to: FIXED_NOW, per_page: 500 }),
    );
    const events = result.body.events ?? [];
    expect(events.map((event) => event.sequence_number_str)).toEqual(readBack.map((entry) => entry.seq));
    expect(events.map(auditIdOf)).toEqual(readBack.map((entry) => entry.audit_id));
    // Messages are generated from the index: the same entry reads the same every time.
    const again = await call(
      queryUrl(sim, bulk.logId, { from: readBack[0]?.timestampMs ?? 0, to: FIXED_NOW, per_page: 1 }),
    );
    expect(again.body.events?.[0]?.message).toBe(events[0]?.message);
    sim.control.setKnobs({ pendingPolls: 1 });
  });

  it(
    // How fast it serves them is the backfill benchmark's business (bench/backfill.ts), not a test's.
    "serves all 1M events through 500-event pages, with polls, in order and complete",
    async () => {
      let url: string | undefined = queryUrl(sim, bulk.logId, { from: bulk.fromMs, to: bulk.toMs, per_page: 500 });
      let served = 0;
      let requests = 0;
      let firstSeq: string | undefined;
      let lastPageText = "";
      while (url) {
        const response = await fetch(url, { headers: { "X-Api-Key": DEMO_US3_ADMIN_KEY } });
        const text = await response.text();
        requests++;
        expect(response.status === 200 || response.status === 202).toBe(true);
        const link = trailingLink(text);
        if (response.status === 200) {
          served += text.split('"sequence_number_str":').length - 1;
          firstSeq ??= /"sequence_number_str":"(\d+)"/.exec(text)?.[1];
          lastPageText = text;
        }
        url = link?.href;
      }

      expect(served).toBe(MILLION);
      expect(requests).toBe((MILLION / 500) * 2);
      expect(firstSeq).toBe(bulk.firstSeq);
      const lastPage = JSON.parse(lastPageText) as { events: Array<{ sequence_number_str: string }>; links?: unknown };
      expect(lastPage.events[lastPage.events.length - 1]?.sequence_number_str).toBe(bulk.lastSeq);
      expect(lastPage.links).toBeUndefined();
    },
    300_000,
  );

  it("gives many entries sharing a millisecond distinct, ordered sequence numbers", async () => {
    const dense = sim.control.seedBulk({
      region: "us3",
      logName: "InsightVM Audit",
      count: 20_000,
      fromMs: FIXED_NOW - 10,
      toMs: FIXED_NOW,
    });
    const entries = sim.control.listEntries({ logId: dense.logId });
    expect(entries).toHaveLength(20_000);
    for (let i = 1; i < entries.length; i++) {
      expect(BigInt(entries[i]?.seq ?? "0") > BigInt(entries[i - 1]?.seq ?? "0"), `entry ${i}`).toBe(true);
    }
    sim.control.setKnobs({ pendingPolls: 0 });
    const { events } = await readAllPages(
      queryUrl(sim, dense.logId, { from: FIXED_NOW - 10, to: FIXED_NOW, per_page: 500 }),
    );
    expect(events.map((event) => event.sequence_number_str)).toEqual(entries.map((entry) => entry.seq));
    sim.control.setKnobs({ pendingPolls: 1 });
  });

  it("refuses segments denser than its sequence space allows", () => {
    expect(() =>
      sim.control.seedBulk({
        region: "us3",
        logName: "Platform Audit",
        count: 100_000,
        fromMs: FIXED_NOW - 1,
        toMs: FIXED_NOW,
      }),
    ).toThrow(/too dense/);
  });
});

it("keeps Next links usable on bulk data (sanity check of trailingLink)", async () => {
  sim.control.setKnobs({ pendingPolls: 0 });
  const result = await call(queryUrl(sim, bulk.logId, { from: bulk.fromMs, to: bulk.toMs, per_page: 2 }));
  expect(trailingLink(result.text)?.href).toBe(linkOf(result.body, "Next"));
});
