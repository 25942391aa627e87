import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { writeBatch, type StoredEvent } from "@/lib/sources/pull/event-writer";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";
import { useTestDatabase } from "../helpers/database";
import { type AuditSpec, auditMessage, insertSource, type SeedSource } from "../helpers/seed-events";

let source: SeedSource;
beforeAll(async () => {
  await useTestDatabase();
  source = await insertSource(pool());
});

let sequence = 0;
function stored(auditId: string, spec: Partial<AuditSpec> = {}): StoredEvent {
  const raw = auditMessage({ time: new Date(), auditId, ...spec });
  const result = normalizeRaw(getLogType(RAPID7_AUDIT_LOG), raw, {
    sourceId: source.id,
    sourceLabel: source.name,
    parseTime: new Date(),
  });
  if (!result.ok) throw new Error(result.failure.reason);
  sequence += 1;
  return { event: result.event, raw, receivedAtMs: Date.now(), logId: "log-1", sequence: String(sequence) };
}

async function write(events: StoredEvent[], checkpointMs: number | null = null) {
  const client = await pool().connect();
  try {
    return await writeBatch(client, source.id, { events, failures: [], checkpointMs });
  } finally {
    client.release();
  }
}

describe("event writer", () => {
  it("stores a batch once, counting what was already there as duplicates, and moves the checkpoint with it", async () => {
    expect(await write([stored("a-1"), stored("a-2")], 1_000)).toMatchObject({ inserted: 2, duplicates: 0 });
    expect(await write([stored("a-2"), stored("a-3"), stored("a-3")], 2_000)).toMatchObject({
      inserted: 1,
      duplicates: 2,
    });
    expect(
      (await db.event.findMany({ where: { sourceId: source.id }, orderBy: { auditId: "asc" } })).map((e) => e.auditId),
    ).toEqual(["a-1", "a-2", "a-3"]);
    expect(Number((await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } })).cursorMs)).toBe(2_000);
    const counts = await db.sourceEventCount.findMany({ where: { sourceId: source.id } });
    expect(counts.reduce((sum, c) => sum + c.events, 0)).toBe(3);
    // The checkpoint never moves backwards.
    await write([], 1_500);
    expect(Number((await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } })).cursorMs)).toBe(2_000);
  });

  it("falls back to conflict-tolerant inserts when another writer stores the same event between its check and its copy", async () => {
    const other = await pool().connect();
    await other.query("BEGIN");
    // Invisible to our duplicate check (uncommitted), but it holds the unique key when we copy.
    const racing = stored("race-1");
    await other.query(
      `INSERT INTO events (source_id, audit_id, event_time, received_at, action, normalized, raw) VALUES ($1, 'race-1', now(), now(), 'X', '{}', 'r')`,
      [source.id],
    );
    const writing = write([racing, stored("race-2")], 3_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await other.query("COMMIT");
    other.release();
    expect(await writing).toMatchObject({ inserted: 1, duplicates: 1 });
    const rows = await db.event.findMany({
      where: { sourceId: source.id, auditId: { in: ["race-1", "race-2"] } },
      orderBy: { auditId: "asc" },
    });
    expect(rows.map((r) => [r.auditId, r.action])).toEqual([
      ["race-1", "X"],
      ["race-2", "LOG_UPDATED"],
    ]);
  });

  it("rolls back everything, checkpoint included, when a batch cannot be stored", async () => {
    const before = await db.event.count({ where: { sourceId: source.id } });
    const client = await pool().connect();
    // The events are copied first; the failure row then violates NOT NULL inside the same transaction.
    const badFailure = {
      failure: { code: "invalid_json" as const, reason: "r", rawPayload: "x" },
      logType: RAPID7_AUDIT_LOG,
      receivedAtMs: Date.now(),
      logId: null as unknown as string,
      sequence: "1",
    };
    await expect(
      writeBatch(client, source.id, {
        events: [stored("ok-1"), stored("ok-2")],
        failures: [badFailure],
        checkpointMs: 9_000,
      }),
    ).rejects.toThrow(/null value/);
    client.release();
    expect(await db.event.count({ where: { sourceId: source.id } })).toBe(before);
    expect(Number((await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } })).cursorMs)).toBe(3_000);
  });

  it("stores every character exactly as received: COPY's escapes, quotes, NULLs and non-ASCII", async () => {
    const tricky = 'back\\slash \\N tab\there\nnew line\r\n"quoted", {braces}, emoji \u{1F510}, café';
    const email = 'o\'brien+"ops"\\x@acme.example';
    const event = stored("tricky-1", { description: tricky, email, username: "tab\tname" });
    const nullish = stored("tricky-2", { description: "", result: null });
    expect(await write([event, nullish])).toMatchObject({ inserted: 2 });

    const [first, second] = await db.event.findMany({
      where: { sourceId: source.id, auditId: { in: ["tricky-1", "tricky-2"] } },
      orderBy: { auditId: "asc" },
    });
    expect(first!.description).toBe(tricky);
    expect(first!.raw).toBe(event.raw);
    expect(first!.normalized).toEqual(JSON.parse(JSON.stringify(event.event.record)));
    expect(first!.emails).toEqual([email]);
    expect(first!.usernames).toContain("tab\tname");
    expect(second!.description).toBe("");
    expect(second!.result).toBeNull();
    expect(second!.emails).toEqual([]);
  });
});
