import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Rapid7Simulator, startRapid7Simulator } from "@/simulator/rapid7";
import { FIXED_NOW, auditIdOf, call, queryUrl, readAllPages, startTestSimulator } from "./helpers";

const MINUTE = 60_000;

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
  sim.control.setKnobs({ pendingPolls: 0 });
  logId = sim.control.findLog({ region: "us3", logName: "InsightIDR Audit" }).id;
});

describe("appending events", () => {
  it("appends given records, raw messages and generated events at the current time", async () => {
    const before = sim.control.listEntries({ logId });
    const lastSeq = BigInt(before[before.length - 1]?.seq ?? "0");
    clock.now += 5 * MINUTE;
    const record = {
      action: "LOG_CREATED",
      audit_id: "11111111-2222-4333-8444-555555555555",
      time: new Date(clock.now - 900).toISOString(),
    };
    const [fromRecord] = sim.control.appendEvents({ logId, records: [record] });
    const [fromMessage] = sim.control.appendEvents({ logId, messages: ["plain text, not JSON"] });
    const generated = sim.control.appendEvents({ logId, count: 3 });

    expect(fromRecord).toMatchObject({ audit_id: record.audit_id, timestampMs: clock.now, logId });
    expect(BigInt(fromRecord?.seq ?? "0")).toBeGreaterThan(lastSeq);
    expect(fromMessage?.audit_id).toBeNull();
    expect(generated.every((entry) => typeof entry.audit_id === "string")).toBe(true);

    const result = await call(queryUrl(sim, logId, { from: clock.now, to: clock.now + 1 }));
    const events = result.body.events ?? [];
    expect(events.map((e) => e.sequence_number_str)).toEqual(
      [fromRecord, fromMessage, ...generated].map((e) => e?.seq),
    );
    expect(JSON.parse(events[0]?.message ?? "{}")).toEqual(record);
    expect(events[1]?.message).toBe("plain text, not JSON");
  });

  it("accepts an explicit envelope timestamp and keeps the log ordered", async () => {
    const at = FIXED_NOW - 3 * 86_400_000;
    const [entry] = sim.control.appendEvents({ logId, count: 1, envelopeTimestampMs: at });
    const seqs = sim.control.listEntries({ logId }).map((e) => BigInt(e.seq));
    expect(seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] ?? 0n))).toBe(true);
    expect(entry?.timestampMs).toBe(at);
  });

  it("rejects ambiguous or unknown targets", () => {
    expect(() => sim.control.appendEvents({ logId, count: 1, messages: ["x"] })).toThrow(/exactly one/);
    expect(() => sim.control.appendEvents({ logName: "No Such Log", count: 1 })).toThrow(/no log named/);
  });
});

describe("late events", () => {
  it("land inside an already-pulled window with older record times, found by re-querying the overlap", async () => {
    const windowStart = FIXED_NOW - 10 * MINUTE;
    const seeded = sim.control.listEntries({ logId }).filter((e) => e.timestampMs >= windowStart).length;
    sim.control.appendEvents({ logId, count: 4, envelopeTimestampMs: FIXED_NOW - MINUTE });
    const firstPull = await readAllPages(queryUrl(sim, logId, { from: windowStart, to: FIXED_NOW, per_page: 2 }));
    expect(firstPull.events).toHaveLength(seeded + 4);
    const cursor = firstPull.events[firstPull.events.length - 1]?.sequence_number_str ?? "";

    clock.now += MINUTE;
    const late = sim.control.addLateEvents({ logId, count: 2, envelopeAgoMs: 3 * MINUTE, recordAgeMs: 20 * MINUTE });
    for (const entry of late) {
      expect(entry.timestampMs).toBe(clock.now - 3 * MINUTE);
      expect(entry.timestampMs).toBeGreaterThan(windowStart);
      // Sorted into the past: resuming after the previous cursor cannot see them.
      expect(BigInt(entry.seq)).toBeLessThan(BigInt(cursor));
    }

    const resumed = await readAllPages(
      queryUrl(sim, logId, { from: windowStart, to: clock.now, sequence_number: cursor }),
    );
    expect(resumed.events).toHaveLength(0);

    const overlap = await readAllPages(queryUrl(sim, logId, { from: windowStart, to: clock.now, per_page: 2 }));
    const seen = new Set(firstPull.events.map(auditIdOf));
    const fresh = overlap.events.filter((event) => !seen.has(auditIdOf(event)));
    expect(fresh.map(auditIdOf).sort()).toEqual(late.map((e) => e.audit_id).sort());
    for (const event of fresh) {
      const record = JSON.parse(event.message) as { time: string };
      expect(Date.parse(record.time)).toBe(event.timestamp - 20 * MINUTE);
    }
  });

  it("fills a missing time on given records and keeps a given one", async () => {
    const [filled, kept] = sim.control.addLateEvents({
      logId,
      records: [
        { action: "LOG_DELETED", audit_id: "a-1" },
        { action: "LOG_DELETED", audit_id: "a-2", time: "2020-01-01T00:00:00Z" },
      ],
      envelopeAgoMs: 1000,
      recordAgeMs: 5000,
    });
    expect(filled?.timestampMs).toBe(FIXED_NOW - 1000);
    expect(kept?.timestampMs).toBe(FIXED_NOW - 1000);
    const result = await call(queryUrl(sim, logId, { from: FIXED_NOW - 1000, to: FIXED_NOW - 999 }));
    const records = (result.body.events ?? []).map((e) => JSON.parse(e.message) as { audit_id: string; time: string });
    expect(records).toEqual([
      { time: new Date(FIXED_NOW - 6000).toISOString(), action: "LOG_DELETED", audit_id: "a-1" },
      { time: "2020-01-01T00:00:00Z", action: "LOG_DELETED", audit_id: "a-2" },
    ]);
  });
});

describe("live feed", () => {
  it("keeps appending realistic audit events while running, and stops on request", async () => {
    const live = await startRapid7Simulator({ liveEventsPerMinute: 1200, seed: { seedDays: 0 } });
    try {
      const auditLogs = live.control.describe().orgs.flatMap((org) => org.logs.filter((log) => log.audit));
      const count = () => auditLogs.reduce((sum, log) => sum + live.control.listEntries({ logId: log.id }).length, 0);
      expect(count()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      const afterFeed = count();
      expect(afterFeed).toBeGreaterThanOrEqual(10);
      live.control.setLiveEventsPerMinute(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(count()).toBe(afterFeed);
      const firstLog = auditLogs.find((log) => live.control.listEntries({ logId: log.id }).length > 0);
      const entry = live.control.listEntries({ logId: firstLog?.id ?? "" })[0];
      expect(entry?.audit_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Math.abs((entry?.timestampMs ?? 0) - Date.now())).toBeLessThan(5000);
    } finally {
      await live.close();
    }
  });
});
