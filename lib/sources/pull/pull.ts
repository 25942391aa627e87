import type pg from "pg";
import { SecretUnavailableError } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isRapid7Error, isRapid7Region, Rapid7Error } from "@/lib/integrations/rapid7";
import type { Logger } from "@/lib/logger";
import { findLogType } from "@/lib/logtypes";
import { auditLogIds } from "@/lib/sources/audit-logs";
import { holdPullConnection, holdSpareConnection } from "./connection-budget";
import { pullWindow, type WindowCounters, type WindowResult } from "./pull-window";
import { isNearlyExhausted, rateLimitHeadroom, recordRateLimit } from "./rate-limits";
import { recordPullFailure, recordPullSuccess, startRun, type PullTrigger } from "./runs";
import { DEFAULT_PULL_SETTINGS, nextWindow, type PullSettings, type PullWindow } from "./settings";
import { createSourceClient, type SourceClient } from "./source-client";

/**
 * One pull of one source: read everything Rapid7 received since the checkpoint, store
 * it, and record what happened. Never runs twice at once for a source (a Postgres
 * advisory lock, held for the whole pull, guards it across every worker machine).
 */
export type PullOutcome =
  | { status: "skipped"; reason: string }
  | { status: "succeeded"; runId: string; counters: WindowCounters; requests: number; hasMore: boolean; note?: string }
  | { status: "failed"; runId: string; counters: WindowCounters; requests: number; error: Rapid7Error | Error };

export type PullOptions = {
  trigger: PullTrigger;
  log: Logger;
  signal?: AbortSignal;
  settings?: Partial<PullSettings>;
  now?: () => number;
  workerId?: string;
};

export async function runPull(sourceId: string, options: PullOptions): Promise<PullOutcome> {
  const connection = await holdPullConnection();
  const lockKey = `intake:pull:${sourceId}`;
  // A connection that may still hold the source's lock must never go back to the pool.
  let broken = true;
  try {
    const { rows } = await connection.client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
      [lockKey],
    );
    if (!rows[0]?.locked) {
      broken = false;
      return { status: "skipped", reason: "another pull of this source is running" };
    }
    try {
      // The connection holding the lock writes the batches too: one held connection per pull.
      return await pullLocked(sourceId, options, connection.client);
    } finally {
      await connection.client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]);
      broken = false;
    }
  } finally {
    connection.release(broken);
  }
}

async function pullLocked(sourceId: string, options: PullOptions, writer: pg.PoolClient): Promise<PullOutcome> {
  const settings: PullSettings = {
    ...DEFAULT_PULL_SETTINGS,
    maxRecordBytes: env().INTAKE_MAX_RECORD_BYTES,
    ...options.settings,
  };
  const now = options.now ?? Date.now;
  const source = await db.logSource.findUnique({ where: { id: sourceId }, include: { state: true } });
  if (!source || source.deletedAt) return { status: "skipped", reason: "the source no longer exists" };
  if (source.paused) return { status: "skipped", reason: "the source is paused" };

  const runId = await startRun(source, options.trigger, options.workerId, new Date(now()));
  const counters: WindowCounters = { pages: 0, fetched: 0, inserted: 0, duplicates: 0, failed: 0 };
  // Set once the key is open: the client's request count and rate-limit headers.
  let trackRequests: Pick<SourceClient, "requests" | "rateLimit"> | undefined;
  // The window this run reads, for the pull history (a restart after an expired link reads it again).
  let covered: PullWindow | undefined;
  const log = options.log.child({ sourceId, runId });

  try {
    if (!isRapid7Region(source.region))
      throw new Rapid7Error("configuration", `The source's region "${source.region}" is not a Rapid7 region.`);
    const logType = findLogType(source.logType);
    if (!logType) throw new Rapid7Error("configuration", `This version of Intake has no schema for ${source.logType}.`);
    const logIds = auditLogIds(source.auditLogs);

    const headroom = await rateLimitHeadroom(source.apiKeyFingerprint, "query", new Date(now()));
    if (isNearlyExhausted(headroom, settings.rateLimitReserve, new Date(now()))) {
      throw new Rapid7Error(
        "rate_limited",
        `Only ${headroom?.remaining} Rapid7 query requests are left for this key until ${headroom?.resetAt.toISOString()}; pulling resumes then.`,
        {
          retryAfterSeconds: Math.ceil(((headroom?.resetAt.getTime() ?? now()) - now()) / 1000),
        },
      );
    }

    const sourceClient = createSourceClient(source, source.region, { log, signal: options.signal, now });
    const { client } = sourceClient;
    trackRequests = sourceClient;

    const deadline = now() + settings.budgetMs;
    let restarts = 0;
    let stopReason: WindowResult["stopReason"];
    for (;;) {
      const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId }, select: { cursorMs: true } });
      const cursorMs = state.cursorMs === null ? null : Number(state.cursorMs);
      const window = nextWindow(cursorMs, source.initialLookbackHours, now(), settings);
      if (!window) break;
      covered = { fromMs: Math.min(covered?.fromMs ?? window.fromMs, window.fromMs), toMs: window.toMs };
      try {
        const result = await pullWindow(
          {
            client,
            writer,
            holdSpareWriter: holdSpareConnection,
            source,
            logType,
            logIds,
            settings,
            counters,
            deadline,
            now,
            rateLimit: sourceClient.rateLimit,
            signal: options.signal,
            // Nothing is stored for a source without a checkpoint yet.
            storedUpToMs: cursorMs ?? Number.NEGATIVE_INFINITY,
            wasPaused: async () => {
              const current = await db.logSource.findUnique({
                where: { id: sourceId },
                select: { paused: true, deletedAt: true },
              });
              return !current || current.paused || current.deletedAt !== null;
            },
          },
          window,
        );
        stopReason = result.stopReason;
        break;
      } catch (error) {
        // The link to the rest of the results expired: query again from the checkpoint.
        if (isRapid7Error(error, "expired") && restarts < settings.maxWindowRestarts) {
          restarts += 1;
          log.info("continuation link expired; restarting the window from the checkpoint", { restarts });
          continue;
        }
        throw error;
      }
    }
    const requests = sourceClient.requests();
    const rateLimit = sourceClient.rateLimit();
    if (rateLimit) await recordRateLimit(source.apiKeyFingerprint, rateLimit);
    const nextPullAt =
      stopReason === "budget"
        ? new Date(now())
        : stopReason === "rate_limit" && rateLimit
          ? rateLimit.resetAt
          : undefined;
    const note = stopReason ? STOP_NOTES[stopReason] : undefined;
    await recordPullSuccess(
      source,
      runId,
      counters,
      covered,
      requests,
      rateLimit,
      new Date(now()),
      nextPullAt,
      note ?? CAUGHT_UP,
    );
    log.info("pull finished", { ...counters, requests, note });
    return { status: "succeeded", runId, counters, requests, hasMore: stopReason === "budget", note };
  } catch (error) {
    const failure = classify(error, options.signal);
    const requests = trackRequests?.requests() ?? 0;
    const rateLimit = trackRequests?.rateLimit();
    if (rateLimit) await recordRateLimit(source.apiKeyFingerprint, rateLimit).catch(() => {});
    await recordPullFailure(source, runId, counters, covered, requests, rateLimit, failure, new Date(now()));
    log.warn("pull failed", {
      ...counters,
      requests,
      kind: failure instanceof Rapid7Error ? failure.kind : "internal",
      message: failure.message,
    });
    return { status: "failed", runId, counters, requests, error: failure };
  }
}

/** How a successful pull ended, for the pull history. */
const CAUGHT_UP = "Caught up: everything Rapid7 had received up to this pull is stored.";
const STOP_NOTES: Record<"rate_limit" | "budget" | "paused", string> = {
  rate_limit: "Stopped early to keep Rapid7 rate-limit headroom; the next pull continues from the checkpoint.",
  budget: "More to read: a new pull continues from the checkpoint.",
  paused: "Stopped at a checkpoint: the source was paused.",
};

function classify(error: unknown, signal: AbortSignal | undefined): Rapid7Error | Error {
  if (error instanceof Rapid7Error) return error;
  if (signal?.aborted)
    return new Rapid7Error("transient", "The worker was asked to stop; the pull resumes from its last checkpoint.");
  if (error instanceof SecretUnavailableError) return new Rapid7Error("configuration", error.message);
  return error instanceof Error ? error : new Error(String(error));
}
