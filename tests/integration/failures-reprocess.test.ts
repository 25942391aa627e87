import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { secrets } from "@/lib/config/secrets";
import { pool } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { reprocessFailuresAction } from "@/lib/failures/actions/reprocess-failures";
import { listFailures, reprocessFailures } from "@/lib/failures/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { auditMessage, insertSource, type SeedSource, seedEvents, seedFailures } from "../helpers/seed-events";

/**
 * Re-processing classification failures with the current normalizer, against a real
 * PostgreSQL. The stored failures carry reasons "an older version" gave, so a record the
 * current schema accepts stands for one a schema fix has since made valid.
 */
const requestCookies = vi.hoisted(() => ({ value: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    getAll: () => requestCookies.value,
    get: (name: string) => requestCookies.value.find((c) => c.name === name),
  }),
  headers: async () => new Headers(),
}));

const NOW = new Date("2026-03-01T12:00:00.000Z");
const RECEIVED = new Date("2026-03-01T11:00:00.000Z");

let admin: Actor;
let analyst: Actor;
let source: SeedSource;
let other: SeedSource;

const nowValid = auditMessage({
  time: new Date("2026-03-01T10:59:58.000Z"),
  action: "LOG_CREATED",
  email: "alice@example.com",
  username: "Alice Admin",
  description: 'Log "newnet" was created',
});
const alreadyStored = auditMessage({
  time: new Date("2026-03-01T10:30:00.000Z"),
  action: "ACTIVATE_COLLECTOR",
  email: "bob@example.com",
  description: "Collector activated",
});
const notJson = 'LOG_DELETED: Log "oldnet" was deleted by alice@example.com';
const missingAuditId = JSON.stringify({
  action: "LOG_DELETED",
  result: "SUCCESS",
  description: 'Log "oldnet" was deleted',
  time: "2026-03-01T10:00:00.000Z",
});
const otherSourceValid = auditMessage({ time: new Date("2026-03-01T10:00:00.000Z"), action: "SAVE_POLICY" });

async function failures(of: SeedSource) {
  const { rows } = await pool().query<{
    raw: string;
    code: string;
    reason: string;
    field: string | null;
    expected: string | null;
    last_tried_at: Date;
  }>(
    "SELECT raw, code, reason, field, expected, last_tried_at FROM classification_failures WHERE source_id = $1 ORDER BY id",
    [of.id],
  );
  return rows;
}

async function eventsOf(of: SeedSource) {
  const { rows } = await pool().query<{
    audit_id: string;
    received_at: Date;
    normalized: Record<string, unknown>;
    raw: string;
  }>("SELECT audit_id, received_at, normalized, raw FROM events WHERE source_id = $1 ORDER BY event_time", [of.id]);
  return rows;
}

const auditIdIn = (raw: string) => (JSON.parse(raw) as { audit_id: string }).audit_id;

async function signInAs(actor: Actor | null) {
  requestCookies.value = actor
    ? [
        {
          name: "next-auth.session-token",
          value: await encode({ token: { sub: actor.id }, secret: secrets().authSecret }),
        },
      ]
    : [];
}

beforeAll(async () => {
  await useTestDatabase();
  admin = await createActor("ADMIN");
  analyst = await createActor("ANALYST");
  source = await insertSource(pool(), { name: "Rapid7 with failures" });
  other = await insertSource(pool(), { name: "Another source" });
  // The event behind `alreadyStored` reached the store another way (a later pull, say).
  await seedEvents(pool(), source, [
    { time: new Date("2026-03-01T10:30:00.000Z"), auditId: auditIdIn(alreadyStored), action: "ACTIVATE_COLLECTOR" },
  ]);
  await seedFailures(pool(), source, [
    { raw: nowValid, receivedAt: RECEIVED },
    { raw: notJson, code: "invalid_value", reason: "stale reason 1" },
    { raw: alreadyStored },
    { raw: missingAuditId, code: "invalid_type", reason: "stale reason 2" },
  ]);
  await seedFailures(pool(), other, [{ raw: otherSourceValid }]);
});

describe("listing failures", () => {
  it("lists a source's failures newest first, one keyset page at a time, for any signed-in person", async () => {
    await pool().query(
      "UPDATE classification_failures SET created_at = $1::timestamptz - (id * interval '1 minute') WHERE source_id = $2",
      [NOW, source.id],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 3; page += 1) {
      const result = await listFailures(source.id, { cursor, pageSize: 3 });
      seen.push(...result.rows.map((row) => row.raw));
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual([nowValid, notJson, alreadyStored, missingAuditId]);
    const first = await listFailures(source.id);
    expect(first.nextCursor).toBeNull();
    expect(first.rows[0]).toMatchObject({
      logType: "Rapid7.AuditLog",
      code: "invalid_value",
      receivedAt: RECEIVED,
      raw: nowValid,
    });
  });

  it("refuses a damaged cursor and a malformed source id", async () => {
    await expect(listFailures(source.id, { cursor: "bm90IGEgY3Vyc29y" })).rejects.toBeInstanceOf(ValidationError);
    await expect(listFailures("not-a-source")).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("re-processing failures", () => {
  it("refuses analysts in the server action, and changes nothing", async () => {
    const before = await failures(source);
    await signInAs(analyst);
    expect(await reprocessFailuresAction({ sourceId: source.id })).toMatchObject({
      ok: false,
      error: { code: "FORBIDDEN" },
    });
    await signInAs(null);
    expect(await reprocessFailuresAction({ sourceId: source.id })).toMatchObject({
      ok: false,
      error: { code: "UNAUTHENTICATED" },
    });
    expect(await failures(source)).toEqual(before);
    expect(await eventsOf(source)).toHaveLength(1);
  });

  it("stores what now parses (once), drops it from the list, and updates the reasons of the rest", async () => {
    const outcome = await reprocessFailures(source.id, { now: NOW, batchSize: 3 });
    expect(outcome).toEqual({ reprocessed: 2, stillFailing: 2 });

    const events = await eventsOf(source);
    expect(events.map((e) => e.audit_id).sort()).toEqual([auditIdIn(nowValid), auditIdIn(alreadyStored)].sort());
    const revived = events.find((e) => e.audit_id === auditIdIn(nowValid))!;
    expect(revived.raw).toBe(nowValid);
    expect(revived.received_at).toEqual(RECEIVED);
    expect(revived.normalized).toMatchObject({
      action: "LOG_CREATED",
      p_source_id: source.id,
      p_source_label: "Rapid7 with failures",
      p_parse_time: NOW.toISOString(),
      p_any_emails: ["alice@example.com"],
    });

    const remaining = await failures(source);
    expect(remaining.map((f) => f.raw)).toEqual([notJson, missingAuditId]);
    expect(remaining[0]).toMatchObject({ code: "invalid_json", last_tried_at: NOW });
    expect(remaining[0]!.reason).not.toBe("stale reason 1");
    expect(remaining[1]).toMatchObject({ code: "missing_required", field: "audit_id", last_tried_at: NOW });
    expect(remaining[1]!.reason).toContain('"audit_id" is required');

    expect(await failures(other)).toHaveLength(1);
    expect(await eventsOf(other)).toHaveLength(0);
  });

  it("does nothing new when run again, and lets an admin run it through the server action", async () => {
    await signInAs(admin);
    expect(await reprocessFailuresAction({ sourceId: source.id })).toEqual({
      ok: true,
      data: { reprocessed: 0, stillFailing: 2 },
    });
    expect(await eventsOf(source)).toHaveLength(2);
    expect(await reprocessFailures(crypto.randomUUID())).toEqual({ reprocessed: 0, stillFailing: 0 });
  });
});
