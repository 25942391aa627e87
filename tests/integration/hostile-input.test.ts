import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { storableText } from "@/lib/logtypes";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { runPull } from "@/lib/sources/pull/pull";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { HOSTILE_EVENT_CASES, type HostileEventCase, STRING_FIELDS } from "../fixtures/hostile/events";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource, storedAuditIds } from "../helpers/sources";

/**
 * The hostile event corpus through the real pipeline: the Rapid7 simulator over loopback,
 * the real pull (Log Search query, paging, normalizer, batch writer) and PostgreSQL. Every
 * record becomes an event whose raw record keeps the hostile value whole, or a
 * classification failure with a reason; the checkpoint moves past all of them, and a
 * normal record after them is stored: ingestion never stalls.
 */
const log = createLogger({ test: "hostile-input" });
let simulator: Rapid7Simulator;
let admin: Actor;

type Outcome = {
  hostile: HostileEventCase;
  message: string;
  event: { raw: string; normalized: unknown } | undefined;
  failure: { code: string; field: string | null; reason: string; raw: string; rawBytes: number | null } | undefined;
};
let outcomes: Outcome[];
let normal: { auditId: string };
let lastEnvelopeMs: number;
let sourceId: string;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
  admin = await createActor("ADMIN");
  const source = await createTestSource(admin, { initialLookbackHours: 1 });
  sourceId = source.id;
  const logId = parseStoredAuditLogs(source.auditLogs)[0]!.id;
  const pull = () => runPull(source.id, { trigger: "manual", log, settings: { delayMs: 0 } });
  expect((await pull()).status).toBe("succeeded");

  const at = Date.now() - 10_000;
  const time = new Date(at - 1_000);
  const messages = HOSTILE_EVENT_CASES.map((hostile) => hostile.message(crypto.randomUUID(), time));
  const entries = simulator.control.appendEvents({ region: "us3", logId, messages, envelopeTimestampMs: at });
  lastEnvelopeMs = at + 1_000;
  const [after] = simulator.control.appendEvents({
    region: "us3",
    logId,
    count: 1,
    envelopeTimestampMs: lastEnvelopeMs,
  });
  normal = { auditId: after!.audit_id! };

  const outcome = await pull();
  expect(outcome.status, outcome.status === "failed" ? outcome.error.message : "").toBe("succeeded");

  const sequences = entries.map((entry) => entry.seq);
  const events = await db.event.findMany({
    where: { sourceId: source.id, sequence: { in: sequences } },
    select: { sequence: true, raw: true, normalized: true },
  });
  const failures = await db.classificationFailure.findMany({
    where: { sourceId: source.id, sequence: { in: sequences } },
    select: { sequence: true, code: true, field: true, reason: true, raw: true, rawBytes: true },
  });
  outcomes = HOSTILE_EVENT_CASES.map((hostile, index) => ({
    hostile,
    message: messages[index]!,
    event: events.find((e) => e.sequence === sequences[index]),
    failure: failures.find((f) => f.sequence === sequences[index]),
  }));
}, 180_000);

afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

/** The value at a dotted path of a stored record. */
function valueAt(record: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], record);
}

describe("the hostile event corpus through the pull", () => {
  it("holds at least 150 named cases, every Rapid7.AuditLog string field crossed with every payload", () => {
    expect(HOSTILE_EVENT_CASES.length).toBeGreaterThanOrEqual(150);
    expect(new Set(HOSTILE_EVENT_CASES.map((c) => c.name)).size).toBe(HOSTILE_EVENT_CASES.length);
    for (const field of STRING_FIELDS) expect(HOSTILE_EVENT_CASES.some((c) => c.field === field)).toBe(true);
  });

  it.each(HOSTILE_EVENT_CASES.map((c, index) => [c.name, index] as const))(
    "%s: stored whole, or a classification failure with a reason",
    (_name, index) => {
      const { hostile, message, event, failure } = outcomes[index]!;
      // Exactly one place.
      expect([event === undefined, failure === undefined].filter(Boolean)).toHaveLength(1);
      if (hostile.expect === "stored") {
        expect(failure?.reason).toBeUndefined();
        expect(event!.raw).toBe(message);
        if (hostile.rawContains) expect(event!.raw).toContain(hostile.rawContains);
        // The record keeps the value, with only what PostgreSQL cannot hold (NUL, lone surrogates) replaced.
        if (hostile.text !== undefined)
          expect(valueAt(event!.normalized, hostile.field)).toBe(storableText(hostile.text));
        return;
      }
      expect(event).toBeUndefined();
      expect(failure).toMatchObject({ code: hostile.expect.code });
      if (hostile.expect.field) expect(failure!.field).toBe(hostile.expect.field);
      expect(failure!.reason.length).toBeGreaterThan(20);
      if (hostile.expect.code === "record_too_large") {
        // Only a prefix of the record is kept, with its size: memory and storage stay bounded.
        expect(failure!.rawBytes).toBe(Buffer.byteLength(message));
        expect(Buffer.byteLength(failure!.raw)).toBeLessThanOrEqual(16 * 1024);
        expect(failure!.reason).toContain("INTAKE_MAX_RECORD_BYTES");
      } else {
        expect(failure!.raw).toBe(storableText(message));
      }
    },
  );

  it("no record polluted a prototype", () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe("[object Array]");
  });

  it("moves the checkpoint past every record, stores the normal record after them, and goes on pulling", async () => {
    const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId } });
    expect(Number(state.cursorMs)).toBeGreaterThanOrEqual(lastEnvelopeMs);
    expect(state.consecutiveFailures).toBe(0);
    expect(await storedAuditIds(sourceId)).toContain(normal.auditId);

    const logId = parseStoredAuditLogs(
      (await db.logSource.findUniqueOrThrow({ where: { id: sourceId } })).auditLogs,
    )[0]!.id;
    const [live] = simulator.control.appendEvents({ region: "us3", logId, count: 1, envelopeTimestampMs: Date.now() });
    const next = await runPull(sourceId, { trigger: "manual", log, settings: { delayMs: 0 } });
    expect(next.status).toBe("succeeded");
    expect(await storedAuditIds(sourceId)).toContain(live!.audit_id);
  });
});
