import type pg from "pg";
import { db, pool } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Every change to a source's `source_states` row, and the question that row answers for
 * the scheduler (which sources are due). Nothing else writes the table: the pull, the
 * batch writer, the credential re-check, the settings and the dead-worker sweep all
 * record what happened through here, so how a source's state moves can be read in one
 * file. Writes that must commit with something else (a pull run, a batch of events, an
 * audit entry) take the caller's transaction or client.
 */
type Tx = Prisma.TransactionClient;
type SourceSchedule = { id: string; pullIntervalMinutes: number };

/** The state a new source starts in: its key was just verified, and it is due at once. */
export function initialState(now: Date) {
  return { nextPullAt: now, credentialsStatus: "ok", credentialsCheckedAt: now };
}

/**
 * How early the scheduler may start a pull. It runs once a minute, a little after the
 * minute, and a pull's next time counts from when the pull started, a little after that:
 * without slack a 1-minute source is always a few seconds short of due at the next tick
 * and waits for the one after (the scale benchmark measured every source pulled every
 * two minutes). Half a tick keeps each source's interval within half a minute of its own.
 */
export const SCHEDULE_SLACK_MS = 30_000;

/**
 * The sources to pull now: not paused or deleted, key not known to be rejected (only the
 * credential re-check or a new key clears that), and next pull time come (or never set),
 * or coming before the scheduler's next look ({@link SCHEDULE_SLACK_MS}).
 */
export async function dueSourceIds(now: Date): Promise<string[]> {
  const dueBy = new Date(now.getTime() + SCHEDULE_SLACK_MS);
  const due = await db.logSource.findMany({
    where: {
      paused: false,
      deletedAt: null,
      state: {
        credentialsStatus: { notIn: ["invalid", "forbidden"] },
        OR: [{ nextPullAt: null }, { nextPullAt: { lte: dueBy } }],
      },
    },
    select: { id: true },
  });
  return due.map((source) => source.id);
}

/** Resumed or asked to pull now: due at once. */
export async function markPullDue(sourceId: string, now: Date, tx: Tx = db): Promise<void> {
  await tx.sourceState.update({ where: { sourceId }, data: { nextPullAt: now } });
}

/** A new key was verified against Rapid7: the old key's failures are forgotten and the source is due at once. */
export async function markKeyReplaced(sourceId: string, now: Date, tx: Tx): Promise<void> {
  await tx.sourceState.update({
    where: { sourceId },
    data: {
      credentialsStatus: "ok",
      credentialsMessage: null,
      credentialsCheckedAt: now,
      consecutiveFailures: 0,
      failingSince: null,
      lastErrorKind: null,
      lastErrorMessage: null,
      missingAuditLogIds: [],
      nextPullAt: now,
    },
  });
}

/** A pull began: the next scheduled one is an interval from now (a longer pull hands over through its own job). */
export async function markPullStarted(source: SourceSchedule, startedAt: Date): Promise<void> {
  await db.sourceState.update({
    where: { sourceId: source.id },
    data: {
      lastPullStartedAt: startedAt,
      nextPullAt: new Date(startedAt.getTime() + source.pullIntervalMinutes * 60_000),
    },
  });
}

/**
 * A pull succeeded, committed with its run record. Reading audit logs proves the key
 * works in this region with enough rights, so the credentials are ok again too.
 */
export async function recordPullSucceeded(
  sourceId: string,
  finishedAt: Date,
  nextPullAt: Date | undefined,
  runRecord: Prisma.PrismaPromise<unknown>,
): Promise<void> {
  await db.$transaction([
    runRecord,
    db.sourceState.update({
      where: { sourceId },
      data: {
        lastPullFinishedAt: finishedAt,
        lastSuccessfulPullAt: finishedAt,
        consecutiveFailures: 0,
        failingSince: null,
        lastErrorKind: null,
        lastErrorMessage: null,
        credentialsStatus: "ok",
        credentialsMessage: null,
        // Every selected audit log was just read: none is missing any more.
        missingAuditLogIds: [],
        ...(nextPullAt ? { nextPullAt } : {}),
      },
    }),
  ]);
}

/** Why a pull failed, as the pipeline classified it. */
export type PullFailure = { kind: string; message: string; retryAfterSeconds?: number };

/** A pull failed, committed with its run record: one more failure in a row, and when to try again. */
export async function recordPullFailed(
  source: SourceSchedule,
  failure: PullFailure,
  finishedAt: Date,
  runRecord: Prisma.PrismaPromise<unknown>,
): Promise<void> {
  const state = await db.sourceState.findUniqueOrThrow({
    where: { sourceId: source.id },
    select: { consecutiveFailures: true, failingSince: true },
  });
  const failures = state.consecutiveFailures + 1;
  const keyRejected = failure.kind === "credentials" || failure.kind === "permission";
  await db.$transaction([
    runRecord,
    db.sourceState.update({
      where: { sourceId: source.id },
      data: {
        lastPullFinishedAt: finishedAt,
        lastErrorKind: failure.kind,
        lastErrorMessage: failure.message,
        lastErrorAt: finishedAt,
        consecutiveFailures: failures,
        // The streak's start: transient errors are held from here before they flip health.
        failingSince: state.consecutiveFailures === 0 ? finishedAt : (state.failingSince ?? finishedAt),
        nextPullAt: nextAttempt(source, failure, failures, finishedAt),
        ...(keyRejected
          ? {
              credentialsStatus: failure.kind === "credentials" ? "invalid" : "forbidden",
              credentialsMessage: failure.message,
              credentialsCheckedAt: finishedAt,
            }
          : {}),
      },
    }),
  ]);
}

/**
 * When to try again. Credential and permission problems wait for the credential re-check
 * (no retry storm against Rapid7); rate limits wait for the reset; other failures back
 * off exponentially from the pull interval up to an hour.
 */
function nextAttempt(source: SourceSchedule, failure: PullFailure, failures: number, now: Date): Date | null {
  if (failure.kind === "credentials" || failure.kind === "permission") return null;
  if (failure.kind === "rate_limited" && failure.retryAfterSeconds !== undefined) {
    return new Date(now.getTime() + failure.retryAfterSeconds * 1000);
  }
  const minutes = Math.min(60, source.pullIntervalMinutes * 2 ** Math.min(failures - 1, 6));
  return new Date(now.getTime() + minutes * 60_000 * (0.8 + Math.random() * 0.4));
}

/**
 * Closes runs still marked running whose worker is gone: the run ends "interrupted" with
 * why, and counts as a failed pull of its source (so health and the pull_failing alert
 * see a worker that keeps dying mid-pull). Only runs still running are touched, so a
 * run that finished meanwhile keeps its outcome. Returns how many runs were closed.
 */
export async function interruptRuns(
  which: { runId: string } | { sourceId: string },
  why: { kind: string; message: string; at: Date },
): Promise<number> {
  const byRun = "runId" in which;
  const { rows } = await pool().query<{ closed: number }>(
    `WITH closed AS (
       UPDATE pull_runs SET status = 'interrupted', finished_at = $2, error_kind = $3, error_message = $4
       WHERE ${byRun ? "id = $1::uuid" : "source_id = $1::uuid"} AND status = 'running'
       RETURNING source_id
     ), counted AS (
       SELECT source_id, count(*)::int AS n FROM closed GROUP BY source_id
     ), bumped AS (
       UPDATE source_states s SET consecutive_failures = s.consecutive_failures + c.n,
         last_error_kind = $3, last_error_message = $4, last_error_at = $2,
         failing_since = CASE WHEN s.consecutive_failures = 0 THEN $2 ELSE COALESCE(s.failing_since, $2) END,
         updated_at = now()
       FROM counted c WHERE s.source_id = c.source_id
     )
     SELECT coalesce(sum(n), 0)::int AS closed FROM counted`,
    [byRun ? which.runId : which.sourceId, why.at, why.kind, why.message],
  );
  return rows[0]?.closed ?? 0;
}

/**
 * A batch's bookkeeping in one statement, inside the batch's own transaction (so the
 * checkpoint commits with the events or not at all): the per-hour event count (when
 * events were stored) and the source's checkpoint and last-event facts.
 */
const RECORD_BATCH = `
WITH counted AS (
  INSERT INTO source_event_counts (source_id, hour, events)
  SELECT $1, date_trunc('hour', now()), $4::int WHERE $4::int > 0
  ON CONFLICT (source_id, hour) DO UPDATE SET events = source_event_counts.events + EXCLUDED.events
)
UPDATE source_states SET
  cursor_ms = CASE WHEN $2::bigint IS NULL THEN cursor_ms ELSE GREATEST(COALESCE(cursor_ms, 0), $2::bigint) END,
  last_event_received_at = CASE WHEN $3::bigint IS NULL THEN last_event_received_at
    ELSE GREATEST(COALESCE(last_event_received_at, to_timestamp(0)), to_timestamp($3::bigint / 1000.0)) END,
  last_event_stored_at = CASE WHEN $4::int > 0 THEN now() ELSE last_event_stored_at END,
  updated_at = now()
WHERE source_id = $1`;

export async function recordBatch(
  client: pg.PoolClient,
  sourceId: string,
  batch: { checkpointMs: number | null; inserted: number; newestReceivedAtMs: number | null },
): Promise<void> {
  if (batch.checkpointMs === null && batch.inserted === 0) return;
  await client.query(RECORD_BATCH, [
    sourceId,
    batch.checkpointMs,
    batch.inserted > 0 ? batch.newestReceivedAtMs : null,
    batch.inserted,
  ]);
}

/** What a credential re-check found (see credential-check.ts). */
export type CredentialCheckStatus = "ok" | "invalid" | "forbidden" | "missing_logs" | "unavailable";

/**
 * What the re-check asked Rapid7 about a silent source: how many events (at most one is
 * asked for) it has received since `from`, when Intake stored its last event.
 */
export type SilenceProbe = { from: Date; events: number };

/**
 * Records a credential re-check. "unavailable" (Rapid7 down, rate limited) says nothing
 * about the key, so what was known stays. A key that works again after being rejected,
 * or audit logs that are back in Rapid7's log list, make the source due at once instead
 * of waiting out a backoff, so no state outlives its cause.
 */
export async function recordCredentialCheck(
  sourceId: string,
  previous: { credentialsStatus: string; lastErrorKind: string | null },
  result: {
    status: CredentialCheckStatus;
    message: string | null;
    missingAuditLogIds?: string[];
    probe?: SilenceProbe;
  },
  now: Date,
): Promise<void> {
  if (result.status === "unavailable") return;
  const credentialsStatus = result.status === "missing_logs" ? "ok" : result.status;
  const missing = result.missingAuditLogIds ?? [];
  const keyRecovered =
    (previous.credentialsStatus === "invalid" || previous.credentialsStatus === "forbidden") &&
    credentialsStatus === "ok";
  const logsRecovered = previous.lastErrorKind === "configuration" && result.status === "ok" && missing.length === 0;
  await db.sourceState.update({
    where: { sourceId },
    data: {
      credentialsStatus,
      credentialsMessage: result.message,
      credentialsCheckedAt: now,
      ...(result.status === "ok" || result.status === "missing_logs" ? { missingAuditLogIds: missing } : {}),
      ...(result.probe
        ? { silenceProbeAt: now, silenceProbeFrom: result.probe.from, silenceProbeEvents: result.probe.events }
        : {}),
      ...(result.status === "missing_logs"
        ? { lastErrorKind: "configuration", lastErrorMessage: result.message, lastErrorAt: now }
        : {}),
      ...(keyRecovered || logsRecovered
        ? { nextPullAt: now, consecutiveFailures: 0, failingSince: null, lastErrorKind: null, lastErrorMessage: null }
        : {}),
    },
  });
}
