import { beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import {
  dueSourceIds,
  interruptRuns,
  markKeyReplaced,
  markPullDue,
  markPullStarted,
  recordBatch,
  recordCredentialCheck,
  recordPullFailed,
  recordPullSucceeded,
  SCHEDULE_SLACK_MS,
} from "@/lib/sources/state";
import { useTestDatabase } from "../helpers/database";
import { insertSource } from "../helpers/seed-events";

/**
 * Every transition of a source's state, on a real database: lib/sources/state.ts is the
 * only writer of source_states, so what each event of a source's life does to it is
 * pinned here.
 */
const MIN = 60_000;
const now = new Date("2026-06-01T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

beforeAll(async () => {
  await useTestDatabase();
});

async function source(state: Record<string, unknown> = {}, paused = false) {
  const seeded = await insertSource(pool());
  await db.logSource.update({ where: { id: seeded.id }, data: { paused, pullIntervalMinutes: 5 } });
  if (Object.keys(state).length > 0) await db.sourceState.update({ where: { sourceId: seeded.id }, data: state });
  return { id: seeded.id, pullIntervalMinutes: 5 };
}

const stateOf = (sourceId: string) => db.sourceState.findUniqueOrThrow({ where: { sourceId } });

async function runOf(sourceId: string) {
  return db.pullRun.create({ data: { sourceId, trigger: "manual", status: "running", startedAt: now } });
}

describe("which sources are due", () => {
  it("not paused, not deleted, key not rejected, and next pull time come (or within the slack) or never set", async () => {
    const due = await source({ nextPullAt: now });
    const neverSet = await source({ nextPullAt: null });
    // Due a few seconds after this tick: pulled now, not a whole minute late at the next one.
    const dueBeforeNextTick = await source({ nextPullAt: later(SCHEDULE_SLACK_MS) });
    const notYet = await source({ nextPullAt: later(SCHEDULE_SLACK_MS + 1) });
    const paused = await source({ nextPullAt: null }, true);
    const invalid = await source({ nextPullAt: null, credentialsStatus: "invalid" });
    const forbidden = await source({ nextPullAt: null, credentialsStatus: "forbidden" });
    const deleted = await source({ nextPullAt: null });
    await db.logSource.update({ where: { id: deleted.id }, data: { deletedAt: now } });

    const ids = await dueSourceIds(now);
    expect(ids).toEqual(expect.arrayContaining([due.id, neverSet.id, dueBeforeNextTick.id]));
    for (const skipped of [notYet, paused, invalid, forbidden, deleted]) expect(ids).not.toContain(skipped.id);
  });
});

describe("a pull's life", () => {
  it("started: the next scheduled pull is one interval later", async () => {
    const s = await source();
    await markPullStarted(s, now);
    expect(await stateOf(s.id)).toMatchObject({ lastPullStartedAt: now, nextPullAt: later(5 * MIN) });
  });

  it("succeeded: failures forgotten, key known good, committed with the run record", async () => {
    const s = await source({
      consecutiveFailures: 2,
      lastErrorKind: "transient",
      lastErrorMessage: "503",
      credentialsStatus: "unknown",
    });
    const run = await runOf(s.id);
    await recordPullSucceeded(
      s.id,
      now,
      later(MIN),
      db.pullRun.update({ where: { id: run.id }, data: { status: "succeeded", finishedAt: now } }),
    );
    expect(await stateOf(s.id)).toMatchObject({
      lastPullFinishedAt: now,
      lastSuccessfulPullAt: now,
      consecutiveFailures: 0,
      lastErrorKind: null,
      lastErrorMessage: null,
      credentialsStatus: "ok",
      nextPullAt: later(MIN),
    });
    expect((await db.pullRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("succeeded");
  });

  it("succeeded without a next time keeps the one set when it started", async () => {
    const s = await source({ nextPullAt: later(5 * MIN) });
    const run = await runOf(s.id);
    await recordPullSucceeded(s.id, now, undefined, db.pullRun.update({ where: { id: run.id }, data: {} }));
    expect((await stateOf(s.id)).nextPullAt).toEqual(later(5 * MIN));
  });

  it("failed: one more in a row, backing off from the pull interval within ±20%", async () => {
    const s = await source({ consecutiveFailures: 2 });
    const run = await runOf(s.id);
    await recordPullFailed(
      s,
      { kind: "transient", message: "Rapid7 had a server error (503)." },
      now,
      db.pullRun.update({ where: { id: run.id }, data: { status: "failed" } }),
    );
    const state = await stateOf(s.id);
    expect(state).toMatchObject({
      consecutiveFailures: 3,
      lastErrorKind: "transient",
      lastErrorMessage: "Rapid7 had a server error (503).",
      lastErrorAt: now,
      lastPullFinishedAt: now,
      // Not the key's fault: the credentials stay as they were.
      credentialsStatus: "unknown",
    });
    // Third failure: 5 min × 2² = 20 min, jittered by ±20%.
    const waitMs = state.nextPullAt!.getTime() - now.getTime();
    expect(waitMs).toBeGreaterThanOrEqual(16 * MIN);
    expect(waitMs).toBeLessThanOrEqual(24 * MIN);
    expect((await db.pullRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("failed");
  });

  it("failed on a rate limit: waits exactly until Rapid7's reset", async () => {
    const s = await source();
    const run = await runOf(s.id);
    await recordPullFailed(
      s,
      { kind: "rate_limited", message: "Rate limited.", retryAfterSeconds: 90 },
      now,
      db.pullRun.update({ where: { id: run.id }, data: {} }),
    );
    expect((await stateOf(s.id)).nextPullAt).toEqual(later(90_000));
  });

  it("failed on the key: marks the credentials and waits for the re-check instead of retrying", async () => {
    const rejected = await source();
    await recordPullFailed(
      rejected,
      { kind: "credentials", message: "Rapid7 rejected the API key (401)." },
      now,
      db.pullRun.update({ where: { id: (await runOf(rejected.id)).id }, data: {} }),
    );
    expect(await stateOf(rejected.id)).toMatchObject({
      credentialsStatus: "invalid",
      credentialsMessage: "Rapid7 rejected the API key (401).",
      credentialsCheckedAt: now,
      nextPullAt: null,
    });
    const forbidden = await source();
    await recordPullFailed(
      forbidden,
      { kind: "permission", message: "No rights (403)." },
      now,
      db.pullRun.update({ where: { id: (await runOf(forbidden.id)).id }, data: {} }),
    );
    expect(await stateOf(forbidden.id)).toMatchObject({ credentialsStatus: "forbidden", nextPullAt: null });
  });

  it("interrupted: closes only running runs, each counting as a failed pull", async () => {
    const s = await source({ consecutiveFailures: 1 });
    await runOf(s.id);
    await runOf(s.id);
    await db.pullRun.create({ data: { sourceId: s.id, trigger: "manual", status: "succeeded", startedAt: now } });
    const why = { kind: "worker_lost", message: "The worker is gone.", at: now };
    expect(await interruptRuns({ sourceId: s.id }, why)).toBe(2);
    expect(await stateOf(s.id)).toMatchObject({
      consecutiveFailures: 3,
      lastErrorKind: "worker_lost",
      lastErrorMessage: "The worker is gone.",
      lastErrorAt: now,
    });
    expect(await interruptRuns({ sourceId: s.id }, why)).toBe(0);
  });
});

describe("a batch's bookkeeping", () => {
  it("moves the checkpoint forward only, and the last-event facts only when events were stored", async () => {
    const s = await source();
    const client = await pool().connect();
    try {
      await recordBatch(client, s.id, { checkpointMs: 5_000, inserted: 0, newestReceivedAtMs: 4_000 });
      let state = await stateOf(s.id);
      expect(state).toMatchObject({ lastEventReceivedAt: null, lastEventStoredAt: null });
      expect(Number(state.cursorMs)).toBe(5_000);

      await recordBatch(client, s.id, { checkpointMs: 3_000, inserted: 2, newestReceivedAtMs: 4_000 });
      state = await stateOf(s.id);
      expect(Number(state.cursorMs)).toBe(5_000);
      expect(state.lastEventReceivedAt).toEqual(new Date(4_000));
      expect(state.lastEventStoredAt).toBeInstanceOf(Date);
      const counted = await db.sourceEventCount.aggregate({ where: { sourceId: s.id }, _sum: { events: true } });
      expect(counted._sum.events).toBe(2);
    } finally {
      client.release();
    }
  });
});

describe("credentials and settings", () => {
  it("a re-check that finds the key working again makes the source due at once and forgets the key's failures", async () => {
    const s = await source({
      credentialsStatus: "invalid",
      consecutiveFailures: 4,
      lastErrorKind: "credentials",
      nextPullAt: null,
    });
    await recordCredentialCheck(
      s.id,
      { credentialsStatus: "invalid", lastErrorKind: null },
      { status: "ok", message: null },
      now,
    );
    expect(await stateOf(s.id)).toMatchObject({
      credentialsStatus: "ok",
      credentialsCheckedAt: now,
      consecutiveFailures: 0,
      lastErrorKind: null,
      nextPullAt: now,
    });
  });

  it("a re-check of a key that was fine changes only the credentials", async () => {
    const s = await source({ consecutiveFailures: 1, lastErrorKind: "transient", nextPullAt: later(MIN) });
    await recordCredentialCheck(
      s.id,
      { credentialsStatus: "ok", lastErrorKind: null },
      { status: "ok", message: null },
      now,
    );
    expect(await stateOf(s.id)).toMatchObject({
      credentialsCheckedAt: now,
      consecutiveFailures: 1,
      lastErrorKind: "transient",
      nextPullAt: later(MIN),
    });
  });

  it("missing audit logs: the key is fine, the configuration is not; an unavailable Rapid7 changes nothing", async () => {
    const s = await source({ credentialsStatus: "ok" });
    const message = "None of this source's audit logs exist in Rapid7 any more.";
    await recordCredentialCheck(
      s.id,
      { credentialsStatus: "ok", lastErrorKind: null },
      { status: "missing_logs", message },
      now,
    );
    expect(await stateOf(s.id)).toMatchObject({
      credentialsStatus: "ok",
      lastErrorKind: "configuration",
      lastErrorMessage: message,
      lastErrorAt: now,
    });
    const before = await stateOf(s.id);
    await recordCredentialCheck(
      s.id,
      { credentialsStatus: "ok", lastErrorKind: null },
      { status: "unavailable", message: "Rapid7 is down." },
      later(MIN),
    );
    expect(await stateOf(s.id)).toEqual(before);
  });

  it("a replaced key starts clean and is due at once; pull now and resume make a source due", async () => {
    const s = await source({
      credentialsStatus: "forbidden",
      credentialsMessage: "No rights.",
      consecutiveFailures: 3,
      lastErrorKind: "permission",
      lastErrorMessage: "No rights.",
      nextPullAt: null,
    });
    await db.$transaction((tx) => markKeyReplaced(s.id, now, tx));
    expect(await stateOf(s.id)).toMatchObject({
      credentialsStatus: "ok",
      credentialsMessage: null,
      credentialsCheckedAt: now,
      consecutiveFailures: 0,
      lastErrorKind: null,
      lastErrorMessage: null,
      nextPullAt: now,
    });
    await markPullDue(s.id, later(MIN));
    expect((await stateOf(s.id)).nextPullAt).toEqual(later(MIN));
  });
});
