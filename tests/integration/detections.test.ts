import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveAlertByKey } from "@/lib/alerts/service";
import { db, pool } from "@/lib/db";
import { initDetectionCursor } from "@/lib/detections/cursor";
import { auditRecord } from "@/lib/detections/fixture-record";
import { DETECTION_PACKS } from "@/lib/detections/packs";
import { runAllDetections, runDetections } from "@/lib/detections/runner";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { detectionsRunJob } from "@/lib/queue/detections-run";
import { detectionsRunHandler } from "@/lib/worker/handlers/detections-run.handler";
import type { Logger } from "@/lib/logger";
import {
  FAULTY_PACK_ID,
  faultyPack,
  Gate,
  GATED_LOOKUP_RULE_ID,
  gatedLookupRule,
  UNGUARDED_RULE_ID,
  unguardedUserDeletionRule,
} from "../fixtures/detections/faulty-rules";
import { useTestDatabase } from "../helpers/database";
import { storeRecords } from "../helpers/detection-events";
import { type AuditSpec, insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";

/**
 * The detection runner on a real PostgreSQL: alerts per rule and source (whoever the
 * actors are) with the matching events linked and counted, dedup windows on event time, exactly-once effect
 * across re-runs, crashes and concurrent runners, the enable point, disabled packs, and
 * every rule fixture giving the same verdict through SQL as in memory. Faults are real:
 * the database refuses a write or cancels a query, and rules with bugs are fixture rules
 * (tests/fixtures/detections) run by the real runner.
 */

const PACK = "rapid7-audit-log";
const DELETED = "rapid7.log_or_collector_deleted";
const BURST = "rapid7.failed_action_burst";
type Logged = { level: string; message: string; fields: Record<string, unknown> };
function capturingLogger(into: Logged[] = []): Logger & { lines: Logged[] } {
  const write =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      void into.push({ level, message, fields });
  const log: Logger & { lines: Logged[] } = {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: () => log,
    lines: into,
  };
  return log;
}
const quiet = capturingLogger();

beforeAll(async () => {
  await useTestDatabase();
});
afterAll(async () => {
  await stopQueueSender();
});

// 2026-01-06 is a Tuesday: inside the default change window all day from 06:00 to 20:00 UTC.
const at = (hhmm: string, day = "2026-01-06") => new Date(`${day}T${hhmm}:00.000Z`);

let counter = 0;
async function newSource(options: { packs?: string[]; fromStart?: boolean } = {}): Promise<SeedSource> {
  counter += 1;
  const source = await insertSource(pool(), {
    name: `Detections ${counter} ${Math.random().toString(36).slice(2, 6)}`,
  });
  await pool().query("UPDATE log_sources SET detection_packs = $2 WHERE id = $1", [source.id, options.packs ?? [PACK]]);
  if (options.fromStart !== undefined) await initDetectionCursor(db, source.id, { fromStart: options.fromStart });
  return source;
}

async function seed(source: SeedSource, specs: AuditSpec[]): Promise<bigint[]> {
  const seeded = await seedEvents(pool(), source, specs);
  const { rows } = await pool().query<{ id: string; audit_id: string }>(
    "SELECT id::text, audit_id FROM events WHERE source_id = $1",
    [source.id],
  );
  const ids = new Map(rows.map((row) => [row.audit_id, BigInt(row.id)]));
  return seeded.map((s) => ids.get(s.auditId) ?? -1n);
}

type AlertRow = {
  id: string;
  title: string;
  severity: string;
  status: string;
  rule_id: string;
  dedup_key: string;
  event_count: number;
  events: bigint[];
  activities: number;
};

async function alertsOf(sourceId: string, ruleId?: string): Promise<AlertRow[]> {
  const { rows } = await pool().query<Omit<AlertRow, "events"> & { events: string[] }>(
    `SELECT a.id, a.title, a.severity, a.status, a.rule_id, a.dedup_key, a.event_count,
            COALESCE((SELECT array_agg(ae.event_id::text ORDER BY ae.event_id) FROM alert_events ae WHERE ae.alert_id = a.id), '{}') AS events,
            (SELECT count(*)::int FROM alert_activities aa WHERE aa.alert_id = a.id) AS activities
     FROM alerts a WHERE a.source_id = $1 AND ($2::text IS NULL OR a.rule_id = $2) ORDER BY a.created_at, a.dedup_key`,
    [sourceId, ruleId ?? null],
  );
  return rows.map((row) => ({ ...row, events: row.events.map((id) => BigInt(id)) }));
}

async function cursorOf(sourceId: string): Promise<bigint | null> {
  const { rows } = await pool().query<{ last_event_id: string }>(
    "SELECT last_event_id::text FROM detection_cursors WHERE source_id = $1",
    [sourceId],
  );
  return rows[0] ? BigInt(rows[0].last_event_id) : null;
}

const key = (source: SeedSource, ruleId: string, anchor: Date) =>
  `detection:${source.id}:${ruleId}#${anchor.toISOString()}`;

describe("raising alerts", () => {
  it("opens one alert per rule, listing its actors, linking and counting exactly the matching events", async () => {
    const source = await newSource({ fromStart: true });
    const [aliceLog, bobHoneypot, carolUpdate, aliceCollector, aliceFailed] = await seed(source, [
      { time: at("10:00"), action: "LOG_DELETED", email: "alice@example.com", description: 'Log "newnet" was deleted' },
      { time: at("10:05"), action: "DELETE_HONEYPOT", email: "bob@example.com" },
      { time: at("10:10"), action: "LOG_UPDATED", email: "carol@example.com" },
      { time: at("10:20"), action: "DELETE_COLLECTOR", email: "alice@example.com" },
      { time: at("10:25"), action: "LOG_DELETED", result: "FAILURE", email: "alice@example.com" },
    ]);

    const result = await runDetections(source.id, { log: quiet });
    expect(result).toEqual({ evaluated: 5, matches: 3, alertsOpened: 1, alertsUpdated: 0, ruleErrors: 0 });

    const alerts = await alertsOf(source.id);
    expect(alerts).toEqual([
      expect.objectContaining({
        title: "Log, collector, honeypot or orchestrator deleted: alice@example.com and 1 other",
        severity: "high",
        status: "open",
        rule_id: DELETED,
        dedup_key: key(source, DELETED, at("10:00")),
        event_count: 3,
        events: [aliceLog, bobHoneypot, aliceCollector],
      }),
    ]);
    // Neither the update nor the failed deletion is linked anywhere.
    expect(alerts.flatMap((alert) => alert.events)).not.toContain(carolUpdate);
    expect(alerts.flatMap((alert) => alert.events)).not.toContain(aliceFailed);

    const detail = await db.alert.findUniqueOrThrow({
      where: { id: alerts[0]!.id },
      select: { kind: true, description: true, context: true },
    });
    expect(detail.kind).toBe("detection");
    expect(detail.description).toMatch(/no longer collected or searchable/);
    expect(detail.context).toEqual({
      pack: PACK,
      rule: DELETED,
      subjects: ["alice@example.com", "bob@example.com"],
      moreSubjects: false,
      windowStart: at("10:00").toISOString(),
      windowEnd: at("11:00").toISOString(),
    });
    expect(await cursorOf(source.id)).toBe(aliceFailed);
  });

  it("uses `now` as the alert's first and last seen time", async () => {
    const source = await newSource({ fromStart: true });
    await seed(source, [{ time: at("10:00"), action: "DELETE_ORCHESTRATOR", email: "dmitri@example.com" }]);
    const now = new Date("2026-01-06T10:01:30.000Z");
    await runDetections(source.id, { now, log: quiet });
    const [alert] = await alertsOf(source.id);
    const row = await db.alert.findUniqueOrThrow({
      where: { id: alert!.id },
      select: { firstSeenAt: true, lastSeenAt: true },
    });
    expect(row).toEqual({ firstSeenAt: now, lastSeenAt: now });
  });

  it("API key changes outside the window alert per key; the same change inside the window does not", async () => {
    const source = await newSource({ fromStart: true });
    const [night, , nightAgain] = await storeRecords(pool(), source, [
      auditRecord({ time: "2026-01-10T02:14:00.000Z", action: "LOG_UPDATED", apiKeyId: "ak-7731" }), // Saturday night
      auditRecord({ time: "2026-01-06T14:00:00.000Z", action: "LOG_UPDATED", apiKeyId: "ak-7731" }), // Tuesday afternoon
      auditRecord({ time: "2026-01-10T02:40:00.000Z", action: "ADD_EVENT_SOURCE", apiKeyId: "ak-7731" }),
      auditRecord({ time: "2026-01-10T02:41:00.000Z", action: "LIST_USERS", apiKeyId: "ak-7731" }),
    ]);
    await runDetections(source.id, { log: quiet });
    const alerts = await alertsOf(source.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      title: "API key change outside the change window: API key ak-7731",
      severity: "medium",
      rule_id: "rapid7.api_change_outside_window",
      event_count: 2,
      events: [night, nightAgain],
    });
  });

  it("an unfamiliar person's day of admin actions is one alert; a familiar admin raises none", async () => {
    const source = await newSource({ fromStart: false });
    // Forty days of history: alice is familiar, eve has never been seen.
    await storeRecords(pool(), source, [
      auditRecord({ time: "2025-11-27T09:00:00.000Z", action: "LOG_UPDATED", email: "alice@example.com" }),
      auditRecord({
        time: "2025-12-30T09:00:00.000Z",
        action: "SAVE_POLICY",
        product: "IVM",
        email: "alice@example.com",
      }),
    ]);
    await initDetectionCursor(db, source.id, { fromStart: false });
    const [eve1, , eve2, eve3] = await storeRecords(pool(), source, [
      auditRecord({
        time: "2026-01-06T09:00:00.000Z",
        action: "INVITE_USER",
        product: "PLATFORM",
        email: "eve@example.com",
      }),
      auditRecord({
        time: "2026-01-06T09:05:00.000Z",
        action: "UPDATE_USER_ROLES",
        product: "PLATFORM",
        email: "alice@example.com",
      }),
      auditRecord({
        time: "2026-01-06T09:10:00.000Z",
        action: "UPDATE_USER_ROLES",
        product: "PLATFORM",
        email: "eve@example.com",
      }),
      auditRecord({ time: "2026-01-06T15:00:00.000Z", action: "ACTIVATE_COLLECTOR", email: "eve@example.com" }),
    ]);
    const result = await runDetections(source.id, { log: quiet });
    expect(result).toMatchObject({ evaluated: 4, matches: 3, alertsOpened: 1 });
    const alerts = await alertsOf(source.id, "rapid7.unfamiliar_admin");
    expect(alerts).toEqual([
      expect.objectContaining({
        title: "Unfamiliar person performing admin actions: eve@example.com",
        severity: "medium",
        event_count: 3,
        events: [eve1, eve2, eve3],
      }),
    ]);
  });
});

describe("dedup windows", () => {
  it("matches within the rule's window update the alert; later ones open a new alert", async () => {
    const source = await newSource({ fromStart: true });
    const [first] = await seed(source, [{ time: at("10:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ alertsOpened: 1, alertsUpdated: 0 });

    const [second] = await seed(source, [
      { time: at("10:59"), action: "DELETE_COLLECTOR", email: "alice@example.com" },
    ]);
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ alertsOpened: 0, alertsUpdated: 1 });

    const [third] = await seed(source, [{ time: at("11:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ alertsOpened: 1, alertsUpdated: 0 });

    const alerts = await alertsOf(source.id);
    expect(alerts.map(({ dedup_key, event_count, events }) => ({ dedup_key, event_count, events }))).toEqual([
      { dedup_key: key(source, DELETED, at("10:00")), event_count: 2, events: [first, second] },
      { dedup_key: key(source, DELETED, at("11:00")), event_count: 1, events: [third] },
    ]);
  });

  it("groups a backlog spanning several windows in one run, and late events join the window they fall in", async () => {
    const source = await newSource({ fromStart: true });
    const ids = await seed(source, [
      { time: at("08:00"), action: "LOG_DELETED", email: "bob@example.com" },
      { time: at("08:30"), action: "LOG_DELETED", email: "bob@example.com" },
      { time: at("09:10"), action: "LOG_DELETED", email: "bob@example.com" },
      { time: at("09:20"), action: "LOG_DELETED", email: "bob@example.com" },
    ]);
    expect(await runDetections(source.id, { batchSize: 3, log: quiet })).toMatchObject({
      evaluated: 4,
      alertsOpened: 2,
    });
    // Stored later, but happened at 08:45: it belongs to the 08:00 window.
    const [late] = await seed(source, [{ time: at("08:45"), action: "DELETE_HONEYPOT", email: "bob@example.com" }]);
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ alertsOpened: 0, alertsUpdated: 1 });
    const alerts = await alertsOf(source.id);
    expect(alerts.map((alert) => [alert.dedup_key, alert.events])).toEqual([
      [key(source, DELETED, at("08:00")), [ids[0], ids[1], late]],
      [key(source, DELETED, at("09:10")), [ids[2], ids[3]]],
    ]);
  });

  it("after an admin resolves the alert, a match in the same window opens a new alert", async () => {
    const source = await newSource({ fromStart: true });
    await seed(source, [{ time: at("10:00"), action: "LOG_DELETED", email: "carol@example.com" }]);
    await runDetections(source.id, { log: quiet });
    const dedupKey = key(source, DELETED, at("10:00"));
    expect(await resolveAlertByKey(dedupKey, "Planned clean-up.")).toBe(true);

    const [again] = await seed(source, [{ time: at("10:10"), action: "LOG_DELETED", email: "carol@example.com" }]);
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ alertsOpened: 1, alertsUpdated: 0 });
    const alerts = await alertsOf(source.id);
    expect(alerts.map((alert) => [alert.status, alert.event_count])).toEqual([
      ["resolved", 1],
      ["open", 1],
    ]);
    expect(alerts[1]).toMatchObject({ dedup_key: dedupKey, events: [again] });
  });
});

describe("bursts of failures", () => {
  const failure = (email: string, hhmm: string, second = 0): AuditSpec => ({
    time: new Date(at(hhmm).getTime() + second * 1000),
    action: "UPDATE_USER_ROLES",
    result: "FAILURE",
    email,
    description: "Updating roles of Grace Kowalski failed",
  });

  it("one alert per burst with every failure of it, whatever the batch boundaries; slow or small runs raise nothing", async () => {
    const source = await newSource({ fromStart: true });
    const ids = await seed(source, [
      failure("mallory@example.com", "10:00"),
      failure("bob@example.com", "10:00", 30),
      failure("mallory@example.com", "10:01"),
      failure("carol@example.com", "10:01"),
      failure("mallory@example.com", "10:02"),
      failure("bob@example.com", "10:02"),
      failure("mallory@example.com", "10:03"),
      failure("carol@example.com", "10:08"),
      failure("mallory@example.com", "10:04"),
      failure("bob@example.com", "10:05"),
      failure("mallory@example.com", "10:05"),
      failure("carol@example.com", "10:15"),
      failure("mallory@example.com", "10:06"),
      failure("bob@example.com", "10:07"),
      failure("carol@example.com", "10:22"),
      failure("carol@example.com", "10:29"),
    ]);
    const mallory = ids.filter((_, index) => [0, 2, 4, 6, 8, 10, 12].includes(index));

    const result = await runDetections(source.id, { batchSize: 3, log: quiet });
    // Mallory's 5th, 6th and 7th failures match; bob has 4, carol's 5 are spread over 29 minutes.
    expect(result).toMatchObject({ evaluated: 16, matches: 3, alertsOpened: 1, alertsUpdated: 2 });
    const alerts = await alertsOf(source.id, BURST);
    expect(alerts).toEqual([
      expect.objectContaining({
        title: "Burst of failed actions: mallory@example.com",
        severity: "medium",
        dedup_key: key(source, BURST, at("10:04")),
        event_count: 7,
        events: mallory,
      }),
    ]);
  });

  it("a second burst within the dedup window adds to the alert; one after it opens another", async () => {
    const source = await newSource({ fromStart: true });
    const burst = (start: number) =>
      [0, 1, 2, 3, 4].map((minute) =>
        failure(
          "mallory@example.com",
          `${String(10 + Math.floor((start + minute) / 60)).padStart(2, "0")}:${String((start + minute) % 60).padStart(2, "0")}`,
        ),
      );
    const first = await seed(source, burst(0)); // 10:00–10:04
    const second = await seed(source, burst(30)); // 10:30–10:34, inside 10:04 + 60 min
    const third = await seed(source, burst(90)); // 11:30–11:34, after it
    await runDetections(source.id, { log: quiet });
    const alerts = await alertsOf(source.id, BURST);
    expect(alerts.map((alert) => [alert.dedup_key, alert.event_count, alert.events])).toEqual([
      [key(source, BURST, at("10:04")), 10, [...first, ...second]],
      [key(source, BURST, at("11:34")), 5, third],
    ]);
  });
});

describe("exactly-once effect", () => {
  it("a re-run evaluates nothing; a replay after a crash before the cursor moved adds nothing", async () => {
    const source = await newSource({ fromStart: true });
    await seed(source, [
      { time: at("10:00"), action: "LOG_DELETED", email: "alice@example.com" },
      { time: at("10:01"), action: "DELETE_COLLECTOR", email: "bob@example.com" },
      ...[0, 1, 2, 3, 4, 5].map((minute) => ({
        time: at(`10:1${minute}`),
        action: "SAVE_POLICY",
        result: "FAILURE",
        email: "mallory@example.com",
      })),
    ]);
    const before = await cursorOf(source.id);
    const first = await runDetections(source.id, { log: quiet });
    expect(first).toMatchObject({ evaluated: 8, alertsOpened: 2 });
    const after = await alertsOf(source.id);

    expect(await runDetections(source.id, { log: quiet })).toEqual({
      evaluated: 0,
      matches: 0,
      alertsOpened: 0,
      alertsUpdated: 0,
      ruleErrors: 0,
    });

    // The crash: alerts raised, cursor never advanced.
    await pool().query("UPDATE detection_cursors SET last_event_id = $2 WHERE source_id = $1", [
      source.id,
      before!.toString(),
    ]);
    expect(await runDetections(source.id, { log: quiet })).toEqual({
      evaluated: 8,
      matches: 0,
      alertsOpened: 0,
      alertsUpdated: 0,
      ruleErrors: 0,
    });
    expect(await alertsOf(source.id)).toEqual(after);
  });

  it("a crash in the middle of raising a batch: the replay finishes the job without duplicating the part already done", async () => {
    const source = await newSource({ fromStart: true });
    // Two dedup windows of one rule: two raises in one batch.
    const [alice, bob1, bob2] = await seed(source, [
      { time: at("10:00"), action: "LOG_DELETED", email: "alice@example.com" },
      { time: at("11:01"), action: "DELETE_HONEYPOT", email: "bob@example.com" },
      { time: at("11:02"), action: "DELETE_ORCHESTRATOR", email: "bob@example.com" },
    ]);
    // The first raise (alice's alert) commits; the database refuses the second (bob's), which
    // leaves things as a worker killed at that point would: one alert in, cursor not moved.
    await refuseAlertInserts(source.id, "%: bob@example.com");
    try {
      await expect(runDetections(source.id, { log: quiet })).rejects.toThrow(/alert refused for the test/);
    } finally {
      await allowAlertInserts();
    }
    expect(await cursorOf(source.id)).toBe(0n);
    expect((await alertsOf(source.id)).map((alert) => alert.events)).toEqual([[alice]]);

    expect(await runDetections(source.id, { log: quiet })).toMatchObject({
      evaluated: 3,
      matches: 2,
      alertsOpened: 1,
      alertsUpdated: 0,
    });
    const alerts = await alertsOf(source.id);
    expect(
      alerts.map((alert) => [alert.title.split(": ")[1], alert.event_count, alert.events, alert.activities]),
    ).toEqual([
      ["alice@example.com", 1, [alice], 1],
      ["bob@example.com", 2, [bob1, bob2], 1],
    ]);
  });

  it("two runners at once evaluate each event once and open each alert once", async () => {
    const source = await newSource({ fromStart: true });
    await seed(
      source,
      Array.from({ length: 40 }, (_, i) => ({
        time: new Date(at("10:00").getTime() + i * 20_000),
        action: i % 2 ? "LOG_DELETED" : "SAVE_POLICY",
        result: i % 2 ? "SUCCESS" : "FAILURE",
        email: `user${i % 4}@example.com`,
      })),
    );
    const results = await Promise.all([
      runDetections(source.id, { batchSize: 5, log: quiet }),
      runDetections(source.id, { batchSize: 5, log: quiet }),
    ]);
    expect(results.reduce((sum, r) => sum + r.evaluated, 0)).toBe(40);
    expect(results.reduce((sum, r) => sum + r.alertsOpened, 0)).toBe(2);
    const alerts = await alertsOf(source.id);
    // user1 and user3 deleted logs (10 each); user0 and user2 failed 10 times each in 13 minutes.
    expect(alerts.map((alert) => [alert.rule_id, alert.event_count]).sort()).toEqual([
      [BURST, 20],
      [DELETED, 20],
    ]);
    const subjects = await db.alert.findMany({
      where: { sourceId: source.id },
      select: { ruleId: true, context: true },
    });
    expect(
      subjects
        .map(({ ruleId, context }) => [ruleId, ((context as { subjects: string[] }).subjects ?? []).sort()])
        .sort(),
    ).toEqual([
      [BURST, ["user0@example.com", "user2@example.com"]],
      [DELETED, ["user1@example.com", "user3@example.com"]],
    ]);
  });
});

describe("failures while evaluating", () => {
  it("a rule that throws on an event is skipped for that event only; other rules and events go on", async () => {
    const source = await newSource({ packs: [PACK, FAULTY_PACK_ID], fromStart: true });
    const [broken, fine] = await seed(source, [
      // Made with an API key: Rapid7 sends no request.user, which the unguarded rule reads anyway.
      { time: at("10:00"), action: "LOG_DELETED" },
      { time: at("10:01"), action: "LOG_DELETED", email: "bob@example.com" },
    ]);
    const log = capturingLogger();
    const result = await runDetections(source.id, {
      log,
      packs: [...DETECTION_PACKS, faultyPack([unguardedUserDeletionRule])],
    });
    // The unguarded rule matches bob's deletion; the shipped deletion rule matches both.
    expect(result).toMatchObject({ evaluated: 2, matches: 3, alertsOpened: 2, ruleErrors: 1 });
    expect(log.lines.filter((line) => line.level === "error")).toEqual([
      {
        level: "error",
        message: "detection rule failed on an event",
        fields: expect.objectContaining({
          ruleId: UNGUARDED_RULE_ID,
          eventId: String(broken),
          error: expect.any(TypeError),
        }),
      },
    ]);
    expect((await alertsOf(source.id, UNGUARDED_RULE_ID)).map((alert) => alert.events)).toEqual([[fine]]);
    // The other rule still evaluated the event the faulty one failed on.
    expect((await alertsOf(source.id, DELETED)).map((alert) => alert.events)).toEqual([[broken, fine]]);
    expect(await cursorOf(source.id)).toBe(fine);
    expect(broken).toBeLessThan(fine!);
  });

  it("a failed database lookup fails the run and leaves the batch to be evaluated again", async () => {
    const source = await newSource({ packs: [FAULTY_PACK_ID], fromStart: true });
    await seed(source, [{ time: at("10:00"), action: "SAVE_POLICY", result: "FAILURE", email: "mallory@example.com" }]);
    const gate = new Gate();
    const run = runDetections(source.id, { log: quiet, packs: [faultyPack([gatedLookupRule(gate)])] });
    const outcome = run.then(
      () => null,
      (error: unknown) => error,
    );
    await gate.reached;

    // The batch is read and the rule is about to look up. Another session holds the events
    // table, so the lookup waits; then it is cancelled, as a statement timeout would.
    const blocker = await pool().connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
      gate.open();
      const pid = await waitingLookup();
      await pool().query("SELECT pg_cancel_backend($1)", [pid]);
      // Bounded: a run that swallowed the failure would go on and wait for the lock behind it.
      const settled = await Promise.race([
        outcome,
        new Promise((resolve) => setTimeout(() => resolve("still running"), 10_000)),
      ]);
      expect(settled).toMatchObject({
        name: "DetectionLookupError",
        message: expect.stringMatching(/^A detection lookup failed: canceling statement/),
      });
    } finally {
      await blocker.query("ROLLBACK");
      blocker.release();
    }
    expect(await cursorOf(source.id)).toBe(0n);
    expect(await alertsOf(source.id)).toEqual([]);

    // The database answers again: the same rule, run again, evaluates the same event.
    const open = new Gate();
    open.open();
    expect(await runDetections(source.id, { log: quiet, packs: [faultyPack([gatedLookupRule(open)])] })).toMatchObject({
      evaluated: 1,
      matches: 1,
      alertsOpened: 1,
      ruleErrors: 0,
    });
    expect((await alertsOf(source.id, GATED_LOOKUP_RULE_ID)).map((alert) => alert.event_count)).toEqual([1]);
  });
});

/** The backend running the gated rule's lookup, once it waits for the lock. */
async function waitingLookup(): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await pool().query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT count(*)::int AS n FROM events%'",
    );
    if (rows[0]) return rows[0].pid;
    if (Date.now() > deadline) throw new Error("the lookup never waited for the lock");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A trigger that makes the database refuse new alerts of one source whose title matches a LIKE pattern. */
async function refuseAlertInserts(sourceId: string, titlePattern: string): Promise<void> {
  await pool().query(
    `CREATE FUNCTION test_refuse_alert() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.source_id = ${quote(sourceId)}::uuid AND NEW.title LIKE ${quote(titlePattern)} THEN
         RAISE EXCEPTION 'alert refused for the test';
       END IF;
       RETURN NEW;
     END $$`,
  );
  await pool().query(
    "CREATE TRIGGER test_refuse_alert BEFORE INSERT ON alerts FOR EACH ROW EXECUTE FUNCTION test_refuse_alert()",
  );
}

async function allowAlertInserts(): Promise<void> {
  await pool().query("DROP TRIGGER IF EXISTS test_refuse_alert ON alerts");
  await pool().query("DROP FUNCTION IF EXISTS test_refuse_alert()");
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

describe("what gets evaluated", () => {
  it("enabling packs on a running source starts at its newest event; only later events are evaluated", async () => {
    const source = await newSource({ packs: [] });
    await seed(source, [{ time: at("09:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    await pool().query("UPDATE log_sources SET detection_packs = $2 WHERE id = $1", [source.id, [PACK]]);
    await initDetectionCursor(db, source.id, { fromStart: false });
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ evaluated: 0, alertsOpened: 0 });

    const [fresh] = await seed(source, [{ time: at("09:30"), action: "LOG_DELETED", email: "alice@example.com" }]);
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ evaluated: 1, alertsOpened: 1 });
    expect((await alertsOf(source.id)).map((alert) => alert.events)).toEqual([[fresh]]);
  });

  it("a source created with packs starts at 0 and evaluates its first pull", async () => {
    const source = await newSource({ fromStart: true });
    expect(await cursorOf(source.id)).toBe(0n);
    await seed(source, [{ time: at("09:00"), action: "DELETE_COLLECTOR", email: "alice@example.com" }]);
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ evaluated: 1, alertsOpened: 1 });
  });

  it("a source whose cursor is missing starts at its newest event rather than its whole history", async () => {
    const source = await newSource();
    const [old] = await seed(source, [{ time: at("09:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    const log = capturingLogger();
    expect(await runDetections(source.id, { log })).toMatchObject({ evaluated: 0 });
    expect(log.lines.map((line) => line.message)).toContain("detection cursor missing; starting at the newest event");
    expect(await cursorOf(source.id)).toBe(old);
  });

  it("disabled or unknown packs do nothing, and the cursor stays put", async () => {
    const off = await newSource({ packs: [], fromStart: true });
    const unknown = await newSource({ packs: ["retired-pack"], fromStart: true });
    for (const source of [off, unknown]) {
      await seed(source, [{ time: at("09:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
      expect(await runDetections(source.id, { log: quiet })).toEqual({
        evaluated: 0,
        matches: 0,
        alertsOpened: 0,
        alertsUpdated: 0,
        ruleErrors: 0,
      });
      expect(await cursorOf(source.id)).toBe(0n);
      expect(await alertsOf(source.id)).toEqual([]);
    }
  });

  it("a deleted source is not evaluated", async () => {
    const source = await newSource({ fromStart: true });
    await seed(source, [{ time: at("09:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    await pool().query("UPDATE log_sources SET deleted_at = now() WHERE id = $1", [source.id]);
    expect(await runDetections(source.id, { log: quiet })).toMatchObject({ evaluated: 0 });
    expect(await alertsOf(source.id)).toEqual([]);
  });

  it("the sweep runs every source with packs, and the job runs one source or the sweep", async () => {
    const on = await newSource({ fromStart: true });
    const off = await newSource({ packs: [], fromStart: true });
    await seed(on, [{ time: at("09:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    await seed(off, [{ time: at("09:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    const sweep = await runAllDetections({ log: quiet });
    expect(sweep.failedSources).toEqual([]);
    expect(await alertsOf(on.id)).toHaveLength(1);
    expect(await alertsOf(off.id)).toEqual([]);

    const jobContext = {
      jobId: "test",
      workerId: "test",
      signal: new AbortController().signal,
      log: quiet,
      retryCount: 0,
    };
    const [one] = await seed(on, [{ time: at("12:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    await detectionsRunHandler(detectionsRunJob.schema.parse({ sourceId: on.id }), jobContext);
    expect(await cursorOf(on.id)).toBe(one);
    const [two] = await seed(on, [{ time: at("14:00"), action: "LOG_DELETED", email: "alice@example.com" }]);
    await detectionsRunHandler(detectionsRunJob.schema.parse({}), jobContext);
    expect(await cursorOf(on.id)).toBe(two);
    expect((await alertsOf(on.id)).map((alert) => alert.event_count)).toEqual([1, 1, 1]);
  });
});

describe("every rule fixture on PostgreSQL", () => {
  const cases = DETECTION_PACKS.flatMap((pack) =>
    pack.rules.flatMap((rule) => rule.tests.map((fixture) => ({ pack, rule, fixture }))),
  );

  it.each(cases.map((c) => [c.rule.id, c.fixture.name, c] as const))(
    "%s: %s",
    async (_rule, _name, { pack, rule, fixture }) => {
      const source = await newSource({ packs: [pack.id] });
      await storeRecords(pool(), source, fixture.context?.events ?? []);
      // Only the fixture's event is evaluated; its context is history.
      await initDetectionCursor(db, source.id, { fromStart: false });
      const [eventId] = await storeRecords(pool(), source, [fixture.event]);
      await runDetections(source.id, { log: quiet });
      const alerts = await alertsOf(source.id, rule.id);
      if (fixture.expect) {
        expect(alerts).toHaveLength(1);
        expect(alerts[0]!.events).toContain(eventId);
      } else {
        expect(alerts).toEqual([]);
      }
    },
  );
});
