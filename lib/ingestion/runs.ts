import { db } from "@/lib/db";
import { Rapid7Error, type RateLimitSnapshot } from "@/lib/integrations/rapid7";
import type { WindowCounters } from "./pull-window";

/** Bookkeeping around a pull: its run record and the source state health is computed from. */
export type PullTrigger = "schedule" | "manual" | "initial" | "continuation";

type SourceForRun = { id: string; pullIntervalMinutes: number };

export async function startRun(source: SourceForRun, trigger: PullTrigger, workerId: string | undefined, startedAt: Date): Promise<string> {
  // We hold the source's pull lock, so a run still marked running was cut off (worker killed).
  await db.pullRun.updateMany({
    where: { sourceId: source.id, status: "running" },
    data: { status: "interrupted", finishedAt: startedAt, errorKind: "interrupted", errorMessage: "The worker running this pull stopped before it finished; the next pull resumed from the checkpoint." },
  });
  const run = await db.pullRun.create({ data: { sourceId: source.id, trigger, status: "running", startedAt, workerId }, select: { id: true } });
  await db.sourceState.update({
    where: { sourceId: source.id },
    data: { lastPullStartedAt: startedAt, nextPullAt: new Date(startedAt.getTime() + source.pullIntervalMinutes * 60_000) },
  });
  return run.id;
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
): Promise<void> {
  await db.$transaction([
    db.pullRun.update({ where: { id: runId }, data: { status: "succeeded", finishedAt, ...runCounts(counters, requests, rateLimit) } }),
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
  const message = error instanceof Rapid7Error ? error.message : "Intake hit an internal error during the pull; see the worker log.";
  const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id }, select: { consecutiveFailures: true } });
  const failures = state.consecutiveFailures + 1;
  await db.$transaction([
    db.pullRun.update({ where: { id: runId }, data: { status: "failed", finishedAt, errorKind: kind, errorMessage: message, ...runCounts(counters, requests, rateLimit) } }),
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
          ? { credentialsStatus: kind === "credentials" ? "invalid" : "forbidden", credentialsMessage: message, credentialsCheckedAt: finishedAt }
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
