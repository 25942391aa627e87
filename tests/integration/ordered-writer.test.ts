import type { PoolClient } from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";
import { eventRow, type PreparedBatch } from "@/lib/sources/pull/event-writer";
import { OrderedBatchWriter } from "@/lib/sources/pull/ordered-writer";
import { useTestDatabase } from "../helpers/database";
import { auditMessage, insertSource, type SeedSource } from "../helpers/seed-events";

/**
 * The pull's batches written on two connections at once (lib/sources/pull/ordered-writer.ts),
 * against a real PostgreSQL: they must still commit in order, a failed batch must take every
 * later one with it, and an event in two batches written at once must neither be stored
 * twice nor leave the two waiting on each other.
 */
let source: SeedSource;
let sequence = 0;
const held: { release(): void }[] = [];

beforeEach(async () => {
  await useTestDatabase();
  source = await insertSource(pool());
});
afterEach(() => {
  for (const connection of held.splice(0)) connection.release();
});

function batch(auditIds: string[], checkpointMs: number): PreparedBatch {
  const logType = getLogType(RAPID7_AUDIT_LOG);
  const now = Date.now();
  const rows = auditIds.map((auditId) => {
    const raw = auditMessage({ time: new Date(now), auditId });
    const result = normalizeRaw(logType, raw, { sourceId: source.id, sourceLabel: source.name, parseTime: new Date() });
    if (!result.ok) throw new Error(result.failure.reason);
    sequence += 1;
    return eventRow(source.id, {
      event: result.event,
      raw,
      receivedAtMs: now,
      logId: "log-1",
      sequence: String(sequence),
    });
  });
  return { rows, auditIds, newestReceivedAtMs: now, failures: [], checkpointMs };
}

/** A batch PostgreSQL refuses: its one row has too few columns for COPY. */
function unstorable(checkpointMs: number): PreparedBatch {
  return {
    rows: [`${source.id}\tbroken\n`],
    auditIds: ["broken"],
    newestReceivedAtMs: null,
    failures: [],
    checkpointMs,
  };
}

/** Statements each connection ran: the spare must really carry batches. */
let statements: { primary: number; spare: number };

async function writerWithSpare(options: { spare: boolean; lockTimeoutMs?: number }) {
  statements = { primary: 0, spare: 0 };
  const primary = await pool().connect();
  held.push(primary);
  count(primary, "primary");
  return new OrderedBatchWriter(primary, source.id, {
    lockTimeoutMs: options.lockTimeoutMs,
    holdSpare: async () => {
      if (!options.spare) return null;
      const client = await pool().connect();
      count(client, "spare");
      return { client, release: () => client.release() };
    },
  });
}

function count(client: PoolClient, name: "primary" | "spare") {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    statements[name] += 1;
    return query(...args);
  };
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
const storedIds = async () =>
  (await db.event.findMany({ where: { sourceId: source.id }, select: { auditId: true } })).map((e) => e.auditId);
const checkpoint = async () =>
  Number((await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } })).cursorMs);

describe("batches written on two connections", () => {
  it("are all stored, in order, with the last batch's checkpoint", async () => {
    const writer = await writerWithSpare({ spare: true });
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push((await writer.submit(batch(ids(`b${i}`, 300), 1_000 * (i + 1)))).outcome);
    await writer.settled();
    writer.release();
    expect((await Promise.all(outcomes)).map((o) => o.inserted)).toEqual([300, 300, 300, 300, 300, 300]);
    expect((await storedIds()).length).toBe(1_800);
    expect(await checkpoint()).toBe(6_000);
    // Batches 2, 4 and 6 went to the spare connection.
    expect(statements.spare).toBeGreaterThanOrEqual(3);
    expect(statements.primary).toBeGreaterThanOrEqual(3);
  });

  it.each([
    { spare: true, connections: "two connections" },
    { spare: false, connections: "one connection (no spare)" },
  ])("never commit a batch after one that failed, on $connections", async ({ spare }) => {
    {
      const writer = await writerWithSpare({ spare });
      await writer.submit(batch(ids("first", 200), 1_000));
      await writer.submit(batch(ids("second", 200), 2_000));
      const failed = (await writer.submit(unstorable(3_000))).outcome;
      // Handed over before the failure is known; it must be rolled back with it.
      const after: { outcome: Promise<unknown> } | Error = await writer
        .submit(batch(ids("after", 50), 4_000))
        .catch((error: Error) => error);
      await expect(failed).rejects.toThrow();
      await expect(writer.settled()).rejects.toThrow();
      if (!(after instanceof Error)) await expect(after.outcome).rejects.toThrow();
      // Nothing is handed over once a batch has failed for good.
      await expect(writer.submit(batch(ids("later", 5), 5_000))).rejects.toThrow();
      writer.release();
      const stored = await storedIds();
      expect(stored.length).toBe(400);
      expect(stored.some((id) => id.startsWith("after") || id.startsWith("later"))).toBe(false);
      expect(await checkpoint()).toBe(2_000);
    }
  });

  it("store an event that is in both of two batches written at once exactly once, without waiting on each other", async () => {
    const writer = await writerWithSpare({ spare: true, lockTimeoutMs: 200 });
    await writer.submit(batch(ids("start", 10), 1_000));
    // The long batch reaches "shared" at its end, long after the short one (on the other
    // connection) has copied it as its first row: the long one waits on the short one's
    // open transaction, which waits for the long one to commit first.
    const long = (await writer.submit(batch([...ids("long", 20_000), "shared"], 2_000))).outcome;
    const short = (await writer.submit(batch(["shared", ...ids("short", 10)], 3_000))).outcome;
    await writer.settled();
    writer.release();
    const results = await Promise.all([long, short]);
    expect(results.map((r) => r.inserted).reduce((a, b) => a + b)).toBe(20_011);
    expect(results.map((r) => r.duplicates).reduce((a, b) => a + b)).toBe(1);
    const stored = await storedIds();
    expect(stored.length).toBe(10 + 20_000 + 1 + 10);
    expect(stored.filter((id) => id === "shared")).toHaveLength(1);
    expect(await checkpoint()).toBe(3_000);
  });
});
