import { db } from "@/lib/db";
import { Rapid7Error, type RateLimitSnapshot } from "@/lib/integrations/rapid7";
import { interruptRuns, markPullStarted, type PullFailure, recordPullFailed, recordPullSucceeded } from "../state";
import type { WindowCounters } from "./pull-window";
import type { PullWindow } from "./settings";

/** Bookkeeping around a pull: its run record (the pull history); the source's state moves through ../state. */
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
  await markPullStarted(source, startedAt);
  return run.id;
}

/** `window`: the receive-time window the run read (none when there was nothing new to read yet). */
function runCounts(
  counters: WindowCounters,
  window: PullWindow | undefined,
  requests: number,
  rateLimit: RateLimitSnapshot | undefined,
) {
  return {
    windowFrom: window ? new Date(window.fromMs) : null,
    windowTo: window ? new Date(window.toMs) : null,
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
  window: PullWindow | undefined,
  requests: number,
  rateLimit: RateLimitSnapshot | undefined,
  finishedAt: Date,
  nextPullAt: Date | undefined,
  note: string,
): Promise<void> {
  await recordPullSucceeded(
    source.id,
    finishedAt,
    nextPullAt,
    db.pullRun.update({
      where: { id: runId },
      // A sweep may have marked the run interrupted while its worker looked dead; it did finish.
      data: {
        status: "succeeded",
        finishedAt,
        note,
        errorKind: null,
        errorMessage: null,
        ...runCounts(counters, window, requests, rateLimit),
      },
    }),
  );
}

export async function recordPullFailure(
  source: SourceForRun,
  runId: string,
  counters: WindowCounters,
  window: PullWindow | undefined,
  requests: number,
  rateLimit: RateLimitSnapshot | undefined,
  error: Rapid7Error | Error,
  finishedAt: Date,
): Promise<void> {
  const failure: PullFailure =
    error instanceof Rapid7Error
      ? { kind: error.kind, message: error.message, retryAfterSeconds: error.details.retryAfterSeconds }
      : { kind: "internal", message: "Intake hit an internal error during the pull; see the worker log." };
  await recordPullFailed(
    source,
    failure,
    finishedAt,
    db.pullRun.update({
      where: { id: runId },
      data: {
        status: "failed",
        finishedAt,
        errorKind: failure.kind,
        errorMessage: failure.message,
        ...runCounts(counters, window, requests, rateLimit),
      },
    }),
  );
}
