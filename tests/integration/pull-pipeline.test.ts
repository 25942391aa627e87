import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { reprocessFailures } from "@/lib/failures/service";
import { runPull } from "@/lib/sources/pull/pull";
import type { PullSettings } from "@/lib/sources/pull/settings";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { DEMO_US3_ADMIN_KEY } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { setSourcePaused } from "@/lib/sources/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { auditMessage } from "../helpers/seed-events";
import { createTestSource, storedAuditIds } from "../helpers/sources";

/**
 * The pull pipeline against the Rapid7 simulator over loopback and a real PostgreSQL,
 * one scenario of section 5.5 of the API notes per test. Each test gets a fresh source
 * and compares what was stored with what the simulator holds for the same window.
 */
let simulator: Rapid7Simulator;
let admin: Actor;
const log = createLogger({ test: "pull-pipeline" });
const fast: Partial<PullSettings> = { delayMs: 0 };

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 2, volume: 1 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

/** Every audit_id the simulator holds for the source's logs within its first-pull lookback. */
async function expectedAuditIds(sourceId: string, sinceMs: number): Promise<string[]> {
  const source = await db.logSource.findUniqueOrThrow({ where: { id: sourceId } });
  const ids = new Set<string>();
  for (const auditLog of parseStoredAuditLogs(source.auditLogs)) {
    for (const entry of simulator.control.listEntries({ region: "us3", logId: auditLog.id })) {
      if (entry.timestampMs >= sinceMs && entry.audit_id) ids.add(entry.audit_id);
    }
  }
  return [...ids].sort();
}

async function pull(sourceId: string, settings: Partial<PullSettings> = {}) {
  return runPull(sourceId, { trigger: "manual", log, settings: { ...fast, ...settings } });
}

/** Answers with this status so far (stats are cumulative over the file, so tests compare before/after). */
function answered(status: number): number {
  return simulator.control
    .stats()
    .requests.filter((r) => r.status === status)
    .reduce((sum, r) => sum + r.count, 0);
}

function resetSimulator() {
  simulator.control.resetKnobs();
  simulator.control.clearFaults();
  simulator.control.setChaos(null);
}

describe("pulling Rapid7 audit logs", () => {
  it("immediate 200: stores every event of the lookback window once, and records the run", async () => {
    resetSimulator();
    simulator.control.setKnobs({ pendingPolls: 0 });
    const source = await createTestSource(admin, { initialLookbackHours: 24 });
    const since = Date.now() - 24 * 3_600_000;
    const outcome = await pull(source.id);
    expect(outcome.status).toBe("succeeded");
    const expected = await expectedAuditIds(source.id, since + 5_000);
    const stored = await storedAuditIds(source.id);
    expect(expected.length).toBeGreaterThan(50);
    expect(stored).toEqual(expect.arrayContaining(expected));
    expect(new Set(stored).size).toBe(stored.length);

    const run = await db.pullRun.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(run).toMatchObject({
      status: "succeeded",
      trigger: "manual",
      eventsNew: stored.length,
      eventsDuplicate: 0,
      eventsFailed: 0,
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
    const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } });
    expect(Number(state.cursorMs)).toBeGreaterThan(Date.now() - 60_000);
    expect(state.lastSuccessfulPullAt).toBeInstanceOf(Date);
    expect(state.credentialsStatus).toBe("ok");

    // A second pull re-reads only the overlap and stores nothing new.
    const again = await pull(source.id);
    expect(again.status === "succeeded" && again.counters.inserted).toBe(0);
    expect(await storedAuditIds(source.id)).toEqual(stored);
  });

  it("polls 202s, follows Next pages, and normalizes what it stores", async () => {
    resetSimulator();
    simulator.control.setKnobs({ pendingPolls: 3, progressStep: 30 });
    const source = await createTestSource(admin, { initialLookbackHours: 48 });
    const outcome = await pull(source.id, { perPage: 40, batchSize: 100 });
    expect(outcome.status).toBe("succeeded");
    if (outcome.status !== "succeeded") return;
    expect(outcome.counters.pages).toBeGreaterThan(3);
    // Every page's query polls three times before it completes.
    expect(outcome.requests).toBeGreaterThanOrEqual(outcome.counters.pages * 4);
    const stored = await storedAuditIds(source.id);
    expect(stored).toEqual(
      expect.arrayContaining(await expectedAuditIds(source.id, Date.now() - 48 * 3_600_000 + 60_000)),
    );

    const event = await db.event.findFirstOrThrow({ where: { sourceId: source.id }, orderBy: { eventTime: "desc" } });
    const record = event.normalized as Record<string, unknown>;
    expect(record).toMatchObject({
      p_log_type: "Rapid7.AuditLog",
      p_source_id: source.id,
      p_source_label: source.name,
      audit_id: event.auditId,
      action: event.action,
    });
    expect(event.raw).toContain(event.auditId);
  });

  it("writes a backfill's first page as a batch of its own, so its first events are searchable before a whole batch is read", async () => {
    resetSimulator();
    simulator.control.setKnobs({ pendingPolls: 0 });
    const source = await createTestSource(admin, { initialLookbackHours: 48 });
    const outcome = await pull(source.id, { perPage: 20, batchSize: 100 });
    expect(outcome.status === "succeeded" && outcome.counters.pages).toBeGreaterThan(6);
    // Each batch is one transaction, and stored_at is its start time: one value per batch.
    const batches = await db.$queryRaw<{ events: number }[]>`
      SELECT count(*)::int AS events FROM events WHERE source_id = ${source.id}::uuid
      GROUP BY stored_at ORDER BY stored_at`;
    expect(batches.map((batch) => batch.events).slice(0, 2)).toEqual([20, 100]);
    const stored = await storedAuditIds(source.id);
    expect(stored).toEqual(
      expect.arrayContaining(await expectedAuditIds(source.id, Date.now() - 48 * 3_600_000 + 60_000)),
    );
    expect(new Set(stored).size).toBe(stored.length);
  });

  for (const [name, knobs] of [
    ["progress on the final page", { quirkProgressOnFinalPage: true }],
    ["a 202 carrying both Self and Next", { quirkBothLinks: true, pendingPolls: 2 }],
    ["lowercase rel values", { lowercaseRel: true }],
    ["Next links without the /log_search prefix", { nextLinkStyle: "legacy" as const }],
  ] as const) {
    it(`copes with ${name}`, async () => {
      resetSimulator();
      simulator.control.setKnobs(knobs);
      const source = await createTestSource(admin, { initialLookbackHours: 24 });
      const outcome = await pull(source.id, { perPage: 50 });
      expect(outcome.status).toBe("succeeded");
      const stored = await storedAuditIds(source.id);
      expect(stored).toEqual(
        expect.arrayContaining(await expectedAuditIds(source.id, Date.now() - 24 * 3_600_000 + 60_000)),
      );
      expect(new Set(stored).size).toBe(stored.length);
    });
  }

  it("waits out a 429 in the middle of polling and in the middle of paging, resuming the same link", async () => {
    resetSimulator();
    simulator.control.setKnobs({ pendingPolls: 2 });
    const source = await createTestSource(admin, { initialLookbackHours: 24 });
    simulator.control.injectFaults([
      { kind: "status", status: 429, count: 1, retryAfterSec: 1, pathPattern: "/log_search/query/[0-9a-f-]+$" },
      { kind: "status", status: 429, count: 1, retryAfterSec: 1, pathPattern: "sequence_number=" },
    ]);
    const started = Date.now();
    const limited = answered(429);
    const outcome = await pull(source.id, { perPage: 50 });
    expect(outcome.status).toBe("succeeded");
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(answered(429) - limited).toBe(2);
    expect(simulator.control.stats().pendingFaults).toBe(0);
    expect(await storedAuditIds(source.id)).toEqual(
      expect.arrayContaining(await expectedAuditIds(source.id, Date.now() - 24 * 3_600_000 + 60_000)),
    );
  });

  it("restarts the window when a continuation link has expired, without duplicating anything", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { initialLookbackHours: 48 });
    // Let the first pages through, then expire two continuation links mid-window.
    simulator.control.injectFaults([{ kind: "expireContinuation", count: 2, pathPattern: "sequence_number=" }]);
    const notFound = answered(404);
    const outcome = await pull(source.id, { perPage: 30, batchSize: 30 });
    expect(outcome.status).toBe("succeeded");
    expect(answered(404) - notFound).toBe(2);
    const stored = await storedAuditIds(source.id);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored).toEqual(
      expect.arrayContaining(await expectedAuditIds(source.id, Date.now() - 48 * 3_600_000 + 60_000)),
    );
    const runs = await db.pullRun.findMany({ where: { sourceId: source.id } });
    expect(runs).toHaveLength(1);
  });

  it("retries a burst of 5xx with backoff; a burst that outlasts the retries fails the run without moving the checkpoint past what is stored", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { initialLookbackHours: 24 });
    simulator.control.injectFaults([{ kind: "status", status: 503, count: 3 }]);
    expect((await pull(source.id)).status).toBe("succeeded");

    const second = await createTestSource(admin, { initialLookbackHours: 24 });
    simulator.control.injectFaults([{ kind: "status", status: 502, count: 50 }]);
    const failed = await pull(second.id, { perPage: 50 });
    expect(failed.status).toBe("failed");
    const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId: second.id } });
    expect(state).toMatchObject({ lastErrorKind: "transient", consecutiveFailures: 1, cursorMs: null });
    expect(state.nextPullAt!.getTime()).toBeGreaterThan(Date.now());
    simulator.control.clearFaults();
    expect((await pull(second.id)).status).toBe("succeeded");
    expect(await storedAuditIds(second.id)).toEqual(
      expect.arrayContaining(await expectedAuditIds(second.id, Date.now() - 24 * 3_600_000 + 60_000)),
    );
  });

  it("stops at once on a revoked key (401) and marks the credentials invalid", async () => {
    resetSimulator();
    const key = `revocable-key-${Date.now()}`;
    simulator.control.addKey({ key, region: "us3", admin: true });
    const source = await createTestSource(admin, { apiKey: key });
    simulator.control.revokeKey(key);
    const outcome = await pull(source.id);
    expect(outcome.status).toBe("failed");
    expect(outcome.status === "failed" && outcome.requests).toBe(1);
    const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } });
    expect(state).toMatchObject({ credentialsStatus: "invalid", lastErrorKind: "credentials", nextPullAt: null });
    expect(state.credentialsMessage).toMatch(/rejected the API key/);
  });

  it("stops at once when the key lost its Administrator rights (403)", async () => {
    resetSimulator();
    const key = `demoted-key-${Date.now()}`;
    simulator.control.addKey({ key, region: "us3", admin: true });
    const source = await createTestSource(admin, { apiKey: key });
    simulator.control.revokeKey(key);
    simulator.control.addKey({ key, region: "us3", admin: false });
    const outcome = await pull(source.id);
    expect(outcome.status).toBe("failed");
    expect(await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } })).toMatchObject({
      credentialsStatus: "forbidden",
      lastErrorKind: "permission",
    });
  });

  it("picks up a late-arriving event inside the overlap window exactly once", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { initialLookbackHours: 2 });
    await pull(source.id);
    const before = await storedAuditIds(source.id);
    const [logId] = parseStoredAuditLogs(source.auditLogs).map((l) => l.id);
    const late = simulator.control.addLateEvents({
      region: "us3",
      logId,
      count: 3,
      envelopeAgoMs: 3 * 60_000,
      recordAgeMs: 40 * 60_000,
    });
    const lateIds = late.map((e) => e.audit_id!);
    const second = await pull(source.id);
    expect(second.status === "succeeded" && second.counters.inserted).toBe(3);
    const third = await pull(source.id);
    expect(third.status === "succeeded" && third.counters.inserted).toBe(0);
    expect(await storedAuditIds(source.id)).toEqual([...before, ...lateIds].sort());
  });

  it("keeps sequence numbers above 2^53 exact", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { initialLookbackHours: 6 });
    await pull(source.id);
    const [logId] = parseStoredAuditLogs(source.auditLogs).map((l) => l.id);
    const entries = new Map(simulator.control.listEntries({ region: "us3", logId }).map((e) => [e.audit_id, e.seq]));
    const events = await db.event.findMany({
      where: { sourceId: source.id, logId },
      select: { auditId: true, sequence: true },
    });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(BigInt(event.sequence!)).toBeGreaterThan(2n ** 53n);
      expect(event.sequence).toBe(entries.get(event.auditId));
    }
  });

  it("routes malformed messages to classification failures without stopping the batch", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { initialLookbackHours: 1 });
    await pull(source.id);
    const [logId] = parseStoredAuditLogs(source.auditLogs).map((l) => l.id);
    simulator.control.appendEvents({
      region: "us3",
      logId,
      messages: ["this is not JSON", JSON.stringify({ action: "LOG_CREATED", time: "2026-01-01T00:00:00Z" })],
      envelopeTimestampMs: Date.now() - 1_000,
    });
    const good = simulator.control.appendEvents({
      region: "us3",
      logId,
      count: 2,
      envelopeTimestampMs: Date.now() - 500,
    });
    const outcome = await pull(source.id);
    expect(outcome.status === "succeeded" && outcome.counters).toMatchObject({ inserted: 2, failed: 2 });
    const failures = await db.classificationFailure.findMany({
      where: { sourceId: source.id },
      orderBy: { id: "asc" },
    });
    expect(failures.map((f) => [f.code, f.field ?? null, f.raw])).toEqual([
      ["invalid_json", null, "this is not JSON"],
      ["missing_required", "audit_id", JSON.stringify({ action: "LOG_CREATED", time: "2026-01-01T00:00:00Z" })],
    ]);
    expect(failures[1]?.reason).toBe('Field "audit_id" is required but missing.');
    expect(await storedAuditIds(source.id)).toEqual(expect.arrayContaining(good.map((e) => e.audit_id!)));
    // Re-reading the overlap does not store the same failures twice.
    await pull(source.id);
    expect(await db.classificationFailure.count({ where: { sourceId: source.id } })).toBe(2);
  });

  it("keeps Log Search entries it cannot read as classification failures and stores the rest of their page", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { initialLookbackHours: 1 });
    await pull(source.id);
    const [logId] = parseStoredAuditLogs(source.auditLogs).map((l) => l.id);
    const before = simulator.control.appendEvents({
      region: "us3",
      logId,
      count: 1,
      envelopeTimestampMs: Date.now() - 1_200,
    });
    const broken = simulator.control.appendEvents({
      region: "us3",
      logId,
      brokenMessages: ["null", '{"action":"LOG_CREATED"}'],
      envelopeTimestampMs: Date.now() - 1_000,
    });
    const after = simulator.control.appendEvents({
      region: "us3",
      logId,
      count: 1,
      envelopeTimestampMs: Date.now() - 800,
    });
    // All on one page: the broken entries share it with good ones.
    const outcome = await pull(source.id, { perPage: 50 });
    expect(outcome.status === "succeeded" && outcome.counters).toMatchObject({ inserted: 2 });
    expect(await storedAuditIds(source.id)).toEqual(
      expect.arrayContaining([before[0]!.audit_id!, after[0]!.audit_id!]),
    );
    // (Earlier tests left other failures in this log; these are the entries' own.)
    const unreadable = { sourceId: source.id, code: "invalid_envelope" };
    const failures = await db.classificationFailure.findMany({ where: unreadable, orderBy: { id: "asc" } });
    expect(failures.map((f) => [f.code, f.sequence, f.logId])).toEqual(
      broken.map((entry) => ["invalid_envelope", entry.seq, logId]),
    );
    expect(failures[0]!.reason).toMatch(/^Rapid7 sent a Log Search entry Intake cannot read \(message: .+\)\.$/);
    expect(JSON.parse(failures[0]!.raw)).toMatchObject({
      message: null,
      sequence_number_str: broken[0]!.seq,
      log_id: logId,
    });
    expect(JSON.parse(failures[1]!.raw)).toMatchObject({ message: { action: "LOG_CREATED" } });

    // Re-reading the overlap stores them once; re-processing cannot turn them into events and says so.
    await pull(source.id);
    expect(await db.classificationFailure.count({ where: unreadable })).toBe(2);
    await reprocessFailures(source.id);
    expect(
      (await db.classificationFailure.findMany({ where: unreadable, orderBy: { id: "asc" } })).map((f) => f.reason),
    ).toEqual(failures.map((f) => f.reason));
  });

  it("a pull over its time budget stops at a checkpoint; the next one carries on without gaps", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { initialLookbackHours: 48 });
    const first = await pull(source.id, { perPage: 50, batchSize: 50, budgetMs: 0 });
    expect(first.status === "succeeded" && first.hasMore).toBe(true);
    let guard = 0;
    for (;;) {
      const next = await pull(source.id, { perPage: 50, batchSize: 50, budgetMs: 0 });
      if (next.status !== "succeeded" || !next.hasMore || ++guard > 200) break;
    }
    const stored = await storedAuditIds(source.id);
    expect(stored).toEqual(
      expect.arrayContaining(await expectedAuditIds(source.id, Date.now() - 48 * 3_600_000 + 60_000)),
    );
    expect(new Set(stored).size).toBe(stored.length);
  });

  it("a pull stops at its next checkpoint once the source is paused, and resuming carries on without gaps", async () => {
    resetSimulator();
    simulator.control.setKnobs({ latencyMs: 30 });
    const source = await createTestSource(admin, { initialLookbackHours: 48 });
    const running = pull(source.id, { perPage: 50, batchSize: 50 });
    while ((await storedAuditIds(source.id)).length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await setSourcePaused(admin, source.id, true);
    const stopped = await running;
    expect(stopped.status === "succeeded" && stopped.note).toBe("Stopped at a checkpoint: the source was paused.");
    // Pull history says why the run ended.
    expect(
      await db.pullRun.findUniqueOrThrow({ where: { id: stopped.status === "succeeded" ? stopped.runId : "" } }),
    ).toMatchObject({ status: "succeeded", note: "Stopped at a checkpoint: the source was paused." });
    const storedWhenPaused = (await storedAuditIds(source.id)).length;
    const expected = await expectedAuditIds(source.id, Date.now() - 48 * 3_600_000 + 60_000);
    expect(storedWhenPaused).toBeLessThan(expected.length);
    expect(await pull(source.id)).toMatchObject({ status: "skipped", reason: "the source is paused" });

    await setSourcePaused(admin, source.id, false);
    simulator.control.setKnobs({ latencyMs: 0 });
    expect((await pull(source.id)).status).toBe("succeeded");
    const stored = await storedAuditIds(source.id);
    expect(stored).toEqual(expect.arrayContaining(expected));
    expect(new Set(stored).size).toBe(stored.length);
  });

  it("never runs two pulls of the same source at once", async () => {
    resetSimulator();
    simulator.control.setKnobs({ latencyMs: 200 });
    const source = await createTestSource(admin, { initialLookbackHours: 2 });
    const [a, b] = await Promise.all([pull(source.id), pull(source.id)]);
    expect([a.status, b.status].sort()).toEqual(["skipped", "succeeded"]);
  });

  it("pulls as many sources at once as a worker runs, each completely, without running out of database connections", async () => {
    resetSimulator();
    simulator.control.setKnobs({ latencyMs: 20 });
    const count = env().INTAKE_WORKER_CONCURRENCY + 2;
    const sources = await Promise.all(
      Array.from({ length: count }, () => createTestSource(admin, { initialLookbackHours: 6 })),
    );
    // Small pages and batches: every pull holds its connections through many round trips.
    const outcomes = await Promise.race([
      Promise.all(sources.map((source) => pull(source.id, { perPage: 50, batchSize: 100 }))),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("concurrent pulls did not finish: connections exhausted?")), 60_000),
      ),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(sources.map(() => "succeeded"));
    for (const source of sources) {
      const stored = await storedAuditIds(source.id);
      expect(stored).toEqual(
        expect.arrayContaining(await expectedAuditIds(source.id, Date.now() - 6 * 3_600_000 + 60_000)),
      );
      expect(new Set(stored).size).toBe(stored.length);
    }
  }, 90_000);

  it("stores a record that Rapid7 returns twice in one window, in two different batches, exactly once", async () => {
    resetSimulator();
    simulator.control.setKnobs({ pendingPolls: 0 });
    const source = await createTestSource(admin, { initialLookbackHours: 1 });
    const logId = parseStoredAuditLogs(source.auditLogs)[0]!.id;
    const twice = auditMessage({ time: new Date(Date.now() - 60_000), auditId: `twice-${crypto.randomUUID()}` });
    const fillers = Array.from({ length: 19 }, () => auditMessage({ time: new Date(Date.now() - 60_000) }));
    // 20 entries apart with 10-entry pages and 20-entry batches: the same offset of two consecutive batches.
    for (let round = 0; round < 4; round += 1) {
      simulator.control.appendEvents({
        region: "us3",
        logId,
        messages: [
          twice,
          ...fillers.map((m) => m.replace(/"audit_id":"[^"]+"/, `"audit_id":"${crypto.randomUUID()}"`)),
        ],
        envelopeTimestampMs: Date.now() - 50_000,
      });
    }
    const outcome = await pull(source.id, { perPage: 10, batchSize: 20 });
    expect(outcome.status).toBe("succeeded");
    const stored = await storedAuditIds(source.id);
    expect(new Set(stored).size).toBe(stored.length);
    expect(stored.filter((id) => id.startsWith("twice-"))).toHaveLength(1);
    const run = await db.pullRun.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(run.eventsNew).toBe(stored.length);
    expect(run.eventsDuplicate).toBeGreaterThanOrEqual(3);
  });

  it("uses a key shared by two sources once per source but tracks one rate-limit budget", async () => {
    resetSimulator();
    const one = await createTestSource(admin, { apiKey: DEMO_US3_ADMIN_KEY, initialLookbackHours: 1 });
    await pull(one.id);
    const budget = await db.rateLimitState.findMany();
    expect(budget.length).toBeGreaterThan(0);
    expect(budget[0]!.remaining).toBeLessThan(budget[0]!.limit);
  });
});
