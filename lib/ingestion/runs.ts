import { db, pool } from "@/lib/db";
import { Rapid7Error, type RateLimitSnapshot } from "@/lib/integrations/rapid7";
import type { WindowCounters } from "./pull-window";

/** Bookkeeping around a pull: its run record and the source state health is computed from. */
export type PullTrigger = "schedule" | "manual" | "initial" | "continuation";

type SourceForRun = { id: string; pullIntervalMinutes: number };

export async function startRun(
  source: SourceForRun,
  trigger: PullTrigger,
  workerId: string | undefined,
  startedAt: Date,
): Promise<string> {
  // We hold the source's pull lock, so a run still marked running was cut off (worker killed).
  await interruptRuns(
    { sourceId: source.id },
    {
      kind: "interrupted",
      message: "The worker running this pull stopped before it finished; the next pull resumed from the checkpoint.",
      at: startedAt,
    },
  );
  const run = await db.pullRun.create({
    data: { sourceId: source.id, trigger, status: "running", startedAt, workerId },
    select: { id: true },
  });
  await db.sourceState.update({
    where: { sourceId: source.id },
    data: {
      lastPullStartedAt: startedAt,
      nextPullAt: new Date(startedAt.getTime() + source.pullIntervalMinutes * 60_000),
    },
  });
  return run.id;
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
         last_error_kind = $3, last_error_message = $4, last_error_at = $2, updated_at = now()
       FROM counted c WHERE s.source_id = c.source_id
     )
     SELECT coalesce(sum(n), 0)::int AS closed FROM counted`,
    [byRun ? which.runId : which.sourceId, why.at, why.kind, why.message],
  );
  return rows[0]?.closed ?? 0;
}

function runCounts(counters: WindowCounters, requests: number, rateLimit: RateLimitSnapshot | undefined) {
  return {
    pages: counters.pages,
    requests,
    eventsFetched: counters.fetched,
    eventsNew: counters.inserted,
    eventsDuplicate: counters.duplicates,
    eventsFailed: counters.failed,
    rateLimitRemaining: rateLimit?.remaining ?? null,
  };
}

export async function recordPullSuccess(
  source: SourceForRun,
  runId: string,
  counters: WindowCounters,
  requests: number,
  rateLimit: RateLimitSnapshot | undefined,
  finishedAt: Date,
  nextPullAt: Date | undefined,
  note: string,
): Promise<void> {
  await db.$transaction([
    db.pullRun.update({
      where: { id: runId },
      // A sweep may have marked the run interrupted while its worker looked dead; it did finish.
      data: {
        status: "succeeded",
        finishedAt,
        note,
        errorKind: null,
        errorMessage: null,
        ...runCounts(counters, requests, rateLimit),
      },
    }),
    db.sourceState.update({
      where: { sourceId: source.id },
      data: {
        lastPullFinishedAt: finishedAt,
        lastSuccessfulPullAt: finishedAt,
        consecutiveFailures: 0,
        lastErrorKind: null,
        lastErrorMessage: null,
        // Reading audit logs proves the key works in this region with enough rights.
        credentialsStatus: "ok",
        credentialsMessage: null,
        ...(nextPullAt ? { nextPullAt } : {}),
      },
    }),
  ]);
}

export async function recordPullFailure(
  source: SourceForRun,
  runId: string,
  counters: WindowCounters,
  requests: number,
  rateLimit: RateLimitSnapshot | undefined,
  error: Rapid7Error | Error,
  finishedAt: Date,
): Promise<void> {
  const kind = error instanceof Rapid7Error ? error.kind : "internal";
  const message =
    error instanceof Rapid7Error ? error.message : "Intake hit an internal error during the pull; see the worker log.";
  const state = await db.sourceState.findUniqueOrThrow({
    where: { sourceId: source.id },
    select: { consecutiveFailures: true },
  });
  const failures = state.consecutiveFailures + 1;
  await db.$transaction([
    db.pullRun.update({
      where: { id: runId },
      data: {
        status: "failed",
        finishedAt,
        errorKind: kind,
        errorMessage: message,
        ...runCounts(counters, requests, rateLimit),
      },
    }),
    db.sourceState.update({
      where: { sourceId: source.id },
      data: {
        lastPullFinishedAt: finishedAt,
        lastErrorKind: kind,
        lastErrorMessage: message,
        lastErrorAt: finishedAt,
        consecutiveFailures: failures,
        nextPullAt: nextAttempt(source, kind, error, failures, finishedAt),
        ...(kind === "credentials" || kind === "permission"
          ? {
              credentialsStatus: kind === "credentials" ? "invalid" : "forbidden",
              credentialsMessage: message,
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
function nextAttempt(source: SourceForRun, kind: string, error: Error, failures: number, now: Date): Date | null {
  if (kind === "credentials" || kind === "permission") return null;
  if (error instanceof Rapid7Error && kind === "rate_limited" && error.details.retryAfterSeconds !== undefined) {
    return new Date(now.getTime() + error.details.retryAfterSeconds * 1000);
  }
  const minutes = Math.min(60, source.pullIntervalMinutes * 2 ** Math.min(failures - 1, 6));
  return new Date(now.getTime() + minutes * 60_000 * (0.8 + Math.random() * 0.4));
}
