import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { type BucketCounts, isRapid7Error, isRapid7Region, type RateLimitSnapshot } from "@/lib/integrations/rapid7";
import type { Logger } from "@/lib/logger";
import { auditLogIds } from "@/lib/sources/audit-logs";
import { rateLimitHeadroom, recordRateLimit } from "@/lib/sources/pull/rate-limits";
import { repullWindow } from "@/lib/sources/pull/repull";
import { createSourceClient, type SourceClient } from "@/lib/sources/pull/source-client";
import { mayReconcile, type RateLimitView } from "./budget";
import {
  addPendingWindows,
  type LedgerRow,
  recordVerdicts,
  storedCounts,
  timelineStartMs,
  type WindowVerdict,
  windowsToCheck,
} from "./ledger";
import { consecutiveRuns, judgeWindow, settledBefore, WINDOW_MS, WINDOWS_PER_QUERY } from "./windows";

/**
 * Reconciliation: for each settled window of a source, ask Rapid7 how many entries it
 * holds (one count query per run of up to a day of windows), compare with what Intake
 * stored, re-read a window that falls short through the pull pipeline, and record the
 * verdict in the ledger. It spends only its share of the key's rate limit (budget.ts).
 */
export type ReconcileOptions = {
  log: Logger;
  now?: () => number;
  signal?: AbortSignal;
  /** Defaults: INTAKE_COVERAGE_SETTLE_MINUTES and INTAKE_RECONCILE_RATE_LIMIT_PERCENT. */
  settleMinutes?: number;
  rateLimitPercent?: number;
};

export type ReconcileSummary = {
  sourceId: string;
  checked: number;
  verified: number;
  repaired: number;
  short: number;
  over: number;
  unverifiable: number;
  requests: number;
  /** Why it stopped before checking every settled window, if it did. */
  stoppedFor?: "rate_limit_share" | "stopped";
};

/** Count queries one source's reconciliation sends per run at most. */
const QUERIES_PER_RUN = 4;
/** Requests a count query (create + polls) or a window re-pull usually takes. */
const STEP_COST = 3;

export async function reconcileAllSources(options: ReconcileOptions): Promise<ReconcileSummary[]> {
  const sources = await db.logSource.findMany({
    where: { deletedAt: null, paused: false },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  const summaries: ReconcileSummary[] = [];
  for (const { id } of sources) {
    if (options.signal?.aborted) break;
    try {
      summaries.push(await reconcileSource(id, options));
    } catch (error) {
      // One source's trouble (an unreadable key, say) must not stop the others' checks.
      options.log.warn("coverage check failed", { sourceId: id, error });
    }
  }
  return summaries;
}

export async function reconcileSource(sourceId: string, options: ReconcileOptions): Promise<ReconcileSummary> {
  const now = options.now ?? Date.now;
  const settleMs = (options.settleMinutes ?? env().INTAKE_COVERAGE_SETTLE_MINUTES) * 60_000;
  const percent = options.rateLimitPercent ?? env().INTAKE_RECONCILE_RATE_LIMIT_PERCENT;
  const summary: ReconcileSummary = {
    sourceId,
    checked: 0,
    verified: 0,
    repaired: 0,
    short: 0,
    over: 0,
    unverifiable: 0,
    requests: 0,
  };
  const source = await db.logSource.findUnique({ where: { id: sourceId }, include: { state: true } });
  if (!source || source.deletedAt || source.paused || !isRapid7Region(source.region)) return summary;
  const log = options.log.child({ sourceId });
  await addPendingWindows(sourceId, timelineStartMs(source, now()), now());
  const checkpointMs = source.state?.cursorMs === null || !source.state ? null : Number(source.state.cursorMs);
  const settled = settledBefore(now(), settleMs, checkpointMs);
  if (settled === null || percent <= 0) return summary;

  const due = await windowsToCheck(sourceId, settled, QUERIES_PER_RUN * WINDOWS_PER_QUERY);
  if (due.length === 0) return summary;

  const sourceClient = createSourceClient(source, source.region, { log, signal: options.signal, now });
  const stored = await rateLimitHeadroom(source.apiKeyFingerprint, "query", new Date(now()));
  const headroom = (): RateLimitView | null => sourceClient.rateLimit() ?? stored;
  const byStart = new Map(due.map((row) => [row.startMs, row]));
  try {
    for (const run of consecutiveRuns(due.map((row) => row.startMs))) {
      if (options.signal?.aborted) {
        summary.stoppedFor = "stopped";
        break;
      }
      if (!mayReconcile(headroom(), percent, STEP_COST, now())) {
        summary.stoppedFor = "rate_limit_share";
        break;
      }
      const rows = run.map((start) => byStart.get(start)!);
      const verdicts = await checkRun(source, sourceClient, rows, {
        log,
        now,
        percent,
        headroom,
        signal: options.signal,
      });
      await recordVerdicts(sourceId, verdicts, new Date(now()));
      for (const verdict of verdicts) {
        summary.checked += 1;
        if (verdict.state !== "pending") summary[verdict.state] += 1;
      }
    }
  } finally {
    summary.requests = sourceClient.requests();
    const seen = sourceClient.rateLimit();
    if (seen) await recordRateLimit(source.apiKeyFingerprint, seen as RateLimitSnapshot).catch(() => {});
  }
  log.info("coverage checked", { ...summary });
  return summary;
}

type CheckContext = {
  log: Logger;
  now: () => number;
  percent: number;
  headroom: () => RateLimitView | null;
  signal?: AbortSignal;
};

type CheckedSource = Parameters<typeof repullWindow>[0] & { apiKeyFingerprint: string };

/** One count query for a run of consecutive windows, then a verdict (and, for a shortfall, a re-pull) per window. */
async function checkRun(
  source: CheckedSource,
  sourceClient: SourceClient,
  rows: LedgerRow[],
  context: CheckContext,
): Promise<WindowVerdict[]> {
  const fromMs = rows[0]!.startMs;
  const toMs = fromMs + rows.length * WINDOW_MS;
  let rapid7: BucketCounts;
  try {
    rapid7 = await sourceClient.client.countBuckets({
      logIds: auditLogIds(source.auditLogs),
      fromMs,
      bucketMs: WINDOW_MS,
      buckets: rows.length,
    });
  } catch (error) {
    if (context.signal?.aborted) throw error;
    const reason = isRapid7Error(error)
      ? `Rapid7 could not be asked for its count: ${error.message}`
      : "Rapid7 could not be asked for its count: an unexpected error (see the worker log).";
    if (!isRapid7Error(error)) context.log.error("coverage count failed", { error });
    return rows.map((row) => ({
      startMs: row.startMs,
      state: "unverifiable",
      intakeCount: null,
      rapid7Count: null,
      repulls: row.repulls,
      reason,
    }));
  }
  const intake = await storedCounts(source.id, fromMs, toMs);
  const verdicts: WindowVerdict[] = [];
  for (const [index, row] of rows.entries()) {
    const rapid7Count = rapid7.counts[index] ?? 0;
    let intakeCount = intake.get(row.startMs) ?? 0;
    let repulls = row.repulls;
    let reason: string | null = null;
    if (intakeCount < rapid7Count) {
      const repulled = await repull(source, sourceClient, row.startMs, context);
      if (repulled.tried) {
        repulls += 1;
        intakeCount = (await storedCounts(source.id, row.startMs, row.startMs + WINDOW_MS)).get(row.startMs) ?? 0;
      }
      reason = repulled.reason;
    }
    const state = judgeWindow(intakeCount, rapid7Count, repulls > 0);
    if (state === "short" && reason === null)
      reason = `Rapid7 holds ${rapid7Count - intakeCount} more record(s) than Intake stored, even after reading the window again.`;
    if (state === "over")
      reason = `Intake stored ${intakeCount - rapid7Count} record(s) more than Rapid7 counts for this window: records were removed from Rapid7, or stored under the wrong time.`;
    verdicts.push({ startMs: row.startMs, state, intakeCount, rapid7Count, repulls, reason });
  }
  return verdicts;
}

/** Re-reads one window when the key's share allows; says why not otherwise. */
async function repull(
  source: CheckedSource,
  sourceClient: SourceClient,
  startMs: number,
  context: CheckContext,
): Promise<{ tried: boolean; reason: string | null }> {
  if (!mayReconcile(context.headroom(), context.percent, STEP_COST, context.now()))
    return { tried: false, reason: "Waiting for rate-limit headroom to read the window again." };
  try {
    const result = await repullWindow(
      source,
      sourceClient,
      { fromMs: startMs, toMs: startMs + WINDOW_MS },
      { log: context.log, now: context.now, signal: context.signal },
    );
    context.log.info("window read again", { startMs, ...result.counters });
    return {
      tried: true,
      reason: result.complete ? null : "Reading the window again stopped early; tried again later.",
    };
  } catch (error) {
    if (context.signal?.aborted) throw error;
    const message = isRapid7Error(error) ? error.message : "an unexpected error (see the worker log)";
    if (!isRapid7Error(error)) context.log.error("window re-pull failed", { error });
    return { tried: true, reason: `Reading the window again failed: ${message}` };
  }
}
