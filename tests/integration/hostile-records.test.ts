import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { reprocessFailures } from "@/lib/failures/service";
import { runPull } from "@/lib/sources/pull/pull";
import type { PullSettings } from "@/lib/sources/pull/settings";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { type AuditSpec, auditMessage } from "../helpers/seed-events";
import { useSimulator } from "../helpers/simulator";
import { createTestSource, storedAuditIds } from "../helpers/sources";

/**
 * Records no real audit log should hold, each in the middle of a batch of good ones: the
 * rest of the batch must be stored, the checkpoint must move past the record, and the
 * source must go on pulling live events. Before these fixes each of them failed every
 * pull of its source (or crashed it), so the source stalled for good.
 */
let simulator: Rapid7Simulator;
let admin: Actor;
const log = createLogger({ test: "hostile-records" });
const KB3 = 3000;
const RECORD_LIMIT = 256 * 1024;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

async function pull(sourceId: string, settings: Partial<PullSettings> = {}) {
  return runPull(sourceId, {
    trigger: "manual",
    log,
    settings: { delayMs: 0, maxRecordBytes: RECORD_LIMIT, ...settings },
  });
}

/** An empty simulator, and a fresh source that has pulled once (nothing yet), with its first audit log. */
async function freshSource() {
  simulator.control.reset();
  const source = await createTestSource(admin, { initialLookbackHours: 1 });
  expect((await pull(source.id)).status).toBe("succeeded");
  return { source, logId: parseStoredAuditLogs(source.auditLogs)[0]!.id };
}

type Append = Omit<
  Parameters<Rapid7Simulator["control"]["appendEvents"]>[0],
  "region" | "logId" | "envelopeTimestampMs"
>;

/** Two good events, the hostile entries, two good events: one page, one batch. */
function appendAround(logId: string, hostile: Append) {
  const at = Date.now() - 5_000;
  const before = simulator.control.appendEvents({ region: "us3", logId, count: 2, envelopeTimestampMs: at });
  const middle = simulator.control.appendEvents({ region: "us3", logId, ...hostile, envelopeTimestampMs: at + 1_000 });
  const after = simulator.control.appendEvents({ region: "us3", logId, count: 2, envelopeTimestampMs: at + 2_000 });
  return { good: [...before, ...after].map((entry) => entry.audit_id!), middle, lastMs: at + 2_000 };
}

/** The checkpoint moved past the batch, and a live event after it is stored by the next pull. */
async function expectSourceKeepsPulling(
  sourceId: string,
  logId: string,
  lastMs: number,
  settings: Partial<PullSettings> = {},
) {
  const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId } });
  expect(Number(state.cursorMs)).toBeGreaterThanOrEqual(lastMs);
  expect(state.consecutiveFailures).toBe(0);
  const [live] = simulator.control.appendEvents({
    region: "us3",
    logId,
    count: 1,
    envelopeTimestampMs: Date.now() - 500,
  });
  const next = await pull(sourceId, settings);
  expect(next.status).toBe("succeeded");
  expect(await storedAuditIds(sourceId)).toContain(live!.audit_id);
}

/**
 * ~3 KB of random text: PostgreSQL compresses index entries, so a repeated character would
 * fit; random text, like the issue's, does not ("index row size 2816 exceeds maximum 2712").
 */
const random = (chars: number) => randomBytes(chars).toString("base64url").slice(0, chars);
const long = (prefix: string) => prefix + random(KB3);
/** The same, in two-byte characters (cut at a character boundary). */
const longMultiByte = () => [...randomBytes(KB3 / 2)].map((byte) => String.fromCharCode(0x100 + byte)).join("");

describe("a record with a ~3 KB value in an indexed field", () => {
  const cases: [
    string,
    Partial<AuditSpec>,
    (event: {
      action: string;
      result: string | null;
      product: string | null;
      emails: string[];
      usernames: string[];
    }) => string,
  ][] = [
    ["action", { action: long("ACTION_") }, (e) => e.action],
    ["action (multi-byte)", { action: longMultiByte() }, (e) => e.action],
    ["result", { result: long("RESULT_") }, (e) => e.result!],
    ["product", { product: long("PRODUCT_") }, (e) => e.product!],
    ["email", { email: `a${random(KB3)}@example.com` }, (e) => e.emails.find((email) => email.length > 1000)!],
    ["username", { username: long("user_") }, (e) => e.usernames[0]!],
  ];

  for (const [name, spec, column] of cases) {
    it(`${name}: stored with the column bounded and the record whole; the batch, checkpoint and live events go on`, async () => {
      const { source, logId } = await freshSource();
      const auditId = crypto.randomUUID();
      const message = auditMessage({ time: new Date(), auditId, ...spec });
      const { good, lastMs } = appendAround(logId, { messages: [message] });

      const outcome = await pull(source.id);
      expect(outcome.status, outcome.status === "failed" ? outcome.error.message : "").toBe("succeeded");
      expect(await storedAuditIds(source.id)).toEqual([...good, auditId].sort());

      const event = await db.event.findFirstOrThrow({ where: { sourceId: source.id, auditId } });
      const value = column(event);
      expect(Buffer.byteLength(value, "utf8")).toBeLessThanOrEqual(1024);
      expect(value.endsWith("…")).toBe(true);
      expect(value.isWellFormed()).toBe(true);
      // The stored record and raw message keep the value whole.
      expect(event.raw).toBe(message);
      const whole = Object.values(spec)[0] as string;
      expect(JSON.stringify(event.normalized)).toContain(JSON.stringify(whole));
      await expectSourceKeepsPulling(source.id, logId, lastMs);
    });
  }

  it("audit_id: a classification failure with the reason (never a shortened dedup key); the rest is stored", async () => {
    const { source, logId } = await freshSource();
    const auditId = long("id-");
    const message = auditMessage({ time: new Date(), auditId });
    const { good, middle, lastMs } = appendAround(logId, { messages: [message] });

    const outcome = await pull(source.id);
    expect(outcome.status === "succeeded" && outcome.counters).toMatchObject({ inserted: 4, failed: 1 });
    expect(await storedAuditIds(source.id)).toEqual(good.sort());
    const failure = await db.classificationFailure.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(failure).toMatchObject({ code: "invalid_value", field: "audit_id", sequence: middle[0]!.seq, raw: message });
    expect(failure.reason).toBe(
      'Field "audit_id" is 3,003 bytes long; Intake accepts identifiers of up to 1,024 bytes. It identifies the event and repeated deliveries are recognised by it, so it is never shortened.',
    );
    // Re-reading the overlap keeps it once.
    await pull(source.id);
    expect(await db.classificationFailure.count({ where: { sourceId: source.id } })).toBe(1);
    await expectSourceKeepsPulling(source.id, logId, lastMs);
  });
});

/** The default page budget parses the test's pages whole; the smallest one (the budget is raised to fit two records) reads them as a stream. */
const READ_WHOLE_AND_STREAMED = [
  ["read whole", {}],
  ["streamed", { pageBudgetBytes: 1 }],
] as const;

describe("a record nested 10,000 levels deep", () => {
  for (const [how, settings] of READ_WHOLE_AND_STREAMED) {
    it(`${how}: becomes a classification failure with the reason, as a record and as a Log Search entry; the rest is stored`, async () => {
      const { source, logId } = await freshSource();
      const deepEntry = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
      const at = Date.now() - 5_000;
      const before = simulator.control.appendEvents({ region: "us3", logId, count: 2, envelopeTimestampMs: at });
      const [deepRecord] = simulator.control.appendEvents({
        region: "us3",
        logId,
        count: 1,
        nestingDepth: 10_000,
        envelopeTimestampMs: at + 500,
      });
      const [deepMessage] = simulator.control.appendEvents({
        region: "us3",
        logId,
        brokenMessages: [deepEntry],
        envelopeTimestampMs: at + 1_000,
      });
      const after = simulator.control.appendEvents({ region: "us3", logId, count: 2, envelopeTimestampMs: at + 2_000 });
      // Makes the page larger than the smallest budget, so that one is streamed.
      const filler = simulator.control.appendEvents({
        region: "us3",
        logId,
        count: 3,
        recordBytes: 230 * 1024,
        envelopeTimestampMs: at + 2_000,
      });

      const outcome = await pull(source.id, settings);
      expect(outcome.status, outcome.status === "failed" ? outcome.error.message : "").toBe("succeeded");
      expect(await storedAuditIds(source.id)).toEqual(
        [...before, ...after, ...filler].map((entry) => entry.audit_id!).sort(),
      );
      const failures = await db.classificationFailure.findMany({
        where: { sourceId: source.id },
        orderBy: { receivedAt: "asc" },
      });
      expect(failures.map((f) => [f.code, f.field, f.sequence])).toEqual([
        ["invalid_value", "service_info.previousEntry", deepRecord!.seq],
        ["invalid_envelope", null, deepMessage!.seq],
      ]);
      expect(failures[0]!.reason).toContain("nested too deeply");
      expect(failures[1]!.reason).toMatch(/^Rapid7 sent a Log Search entry Intake cannot read \(message: .+\)\.$/);
      expect(JSON.parse(failures[1]!.raw)).toMatchObject({ sequence_number_str: deepMessage!.seq, log_id: logId });
      await expectSourceKeepsPulling(source.id, logId, at + 2_000, settings);
    });
  }
});

describe("records over the record limit", () => {
  const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
  const padded = (bytes: number) => auditMessage({ time: new Date(), description: "d".repeat(bytes) });

  for (const [how, settings] of READ_WHOLE_AND_STREAMED) {
    it(`${how}: keep a prefix, the size and the SHA-256 as a failure; records under the limit are stored whole`, async () => {
      const { source, logId } = await freshSource();
      const big = [padded(1024 * 1024), padded(3 * 1024 * 1024)];
      const underLimit = padded(200 * 1024);
      const bigEntry = JSON.stringify({ blob: "b".repeat(1024 * 1024) });
      const at = Date.now() - 5_000;
      const before = simulator.control.appendEvents({ region: "us3", logId, count: 2, envelopeTimestampMs: at });
      const oversize = simulator.control.appendEvents({
        region: "us3",
        logId,
        messages: big,
        envelopeTimestampMs: at + 500,
      });
      const [kept] = simulator.control.appendEvents({
        region: "us3",
        logId,
        messages: [underLimit],
        envelopeTimestampMs: at + 1_000,
      });
      simulator.control.appendEvents({
        region: "us3",
        logId,
        brokenMessages: [bigEntry],
        envelopeTimestampMs: at + 1_500,
      });
      const after = simulator.control.appendEvents({ region: "us3", logId, count: 2, envelopeTimestampMs: at + 2_000 });

      const outcome = await pull(source.id, settings);
      expect(outcome.status, outcome.status === "failed" ? outcome.error.message : "").toBe("succeeded");
      expect(await storedAuditIds(source.id)).toEqual(
        [...before, kept!, ...after].map((entry) => entry.audit_id!).sort(),
      );
      expect((await db.event.findFirstOrThrow({ where: { sourceId: source.id, auditId: kept!.audit_id! } })).raw).toBe(
        underLimit,
      );

      const tooLarge = await db.classificationFailure.findMany({
        where: { sourceId: source.id, code: "record_too_large" },
        orderBy: { receivedAt: "asc" },
      });
      expect(tooLarge.map((f) => f.sequence)).toEqual(oversize.map((entry) => entry.seq));
      tooLarge.forEach((failure, index) => {
        const message = big[index]!;
        expect(failure.rawBytes).toBe(Buffer.byteLength(message));
        expect(failure.rawSha256).toBe(sha256(message));
        expect(Buffer.byteLength(failure.raw)).toBeLessThanOrEqual(16 * 1024);
        expect(message.startsWith(failure.raw)).toBe(true);
        expect(failure.reason).toContain(`The record is ${Buffer.byteLength(message).toLocaleString("en-US")} bytes`);
        expect(failure.reason).toContain("INTAKE_MAX_RECORD_BYTES");
      });
      // An entry that is not a record, larger than the limit, is kept within it too.
      const unreadable = await db.classificationFailure.findFirstOrThrow({
        where: { sourceId: source.id, code: "invalid_envelope" },
      });
      expect(Buffer.byteLength(unreadable.raw)).toBeLessThanOrEqual(RECORD_LIMIT);
      // Only a prefix is kept, so re-processing cannot make these events: they stay, with their reason.
      await reprocessFailures(source.id);
      const reprocessed = await db.classificationFailure.findMany({
        where: { sourceId: source.id, code: "record_too_large" },
        orderBy: { receivedAt: "asc" },
      });
      expect(reprocessed.map((f) => [f.reason, f.raw])).toEqual(tooLarge.map((f) => [f.reason, f.raw]));
      await expectSourceKeepsPulling(source.id, logId, at + 2_000, settings);
    });
  }

  it("a streamed page that outgrows its budget is asked for again with fewer entries; nothing is lost or doubled", async () => {
    const { source, logId } = await freshSource();
    const messages = Array.from({ length: 12 }, () => padded(200 * 1024));
    const at = Date.now() - 5_000;
    const entries = simulator.control.appendEvents({ region: "us3", logId, messages, envelopeTimestampMs: at });
    const outcome = await pull(source.id, { pageBudgetBytes: 1 });
    expect(outcome.status).toBe("succeeded");
    // Twelve 200 KiB entries never fit the smallest budget (640 KiB) in one page.
    expect(outcome.status === "succeeded" && outcome.counters.pages).toBeGreaterThan(2);
    expect(await storedAuditIds(source.id)).toEqual(entries.map((entry) => entry.audit_id!).sort());
    expect(await db.classificationFailure.count({ where: { sourceId: source.id } })).toBe(0);
  });
});
