/**
 * Pull tuning. The overlap re-reads the last minutes of every window because Rapid7
 * filters on its own receive time and an entry can become searchable after a query
 * for its time has already run; deduplication on audit_id absorbs the repeats.
 */
export type PullSettings = {
  /** Re-read this much before the checkpoint on every pull. */
  overlapMs: number;
  /** Do not ask for the last moments before now: Rapid7 may still be indexing them. */
  delayMs: number;
  perPage: number;
  /** Events (and failures) written per transaction. */
  batchSize: number;
  /** A pull hands over to a fresh job after this long, so one backfill cannot hog a worker slot. */
  budgetMs: number;
  /** How often a window is restarted after its continuation link expired. */
  maxWindowRestarts: number;
  /** Stop pulling when fewer query requests than this remain in Rapid7's rate-limit window. */
  rateLimitReserve: number;
  /** Largest record (message bytes) stored as an event; larger ones become classification failures (INTAKE_MAX_RECORD_BYTES). */
  maxRecordBytes: number;
  /** Memory one page may take: while records are large, pages ask Rapid7 for fewer of them. */
  pageBudgetBytes: number;
  /** A batch is also written once its rows take this much memory, before it has batchSize rows. */
  batchBytes: number;
};

/**
 * What a classification failure keeps of a record larger than the record limit (besides
 * its size and SHA-256): enough to recognise it, and to find it again in Rapid7.
 */
export const RAW_PREFIX_BYTES = 16 * 1024;

export const DEFAULT_PULL_SETTINGS: PullSettings = {
  overlapMs: 10 * 60_000,
  delayMs: 30_000,
  perPage: 500,
  batchSize: 2_500,
  budgetMs: 8 * 60_000,
  maxWindowRestarts: 3,
  rateLimitReserve: 25,
  maxRecordBytes: 256 * 1024,
  pageBudgetBytes: 8 * 1024 * 1024,
  batchBytes: 8 * 1024 * 1024,
};

export type PullWindow = { fromMs: number; toMs: number };

/** The next window to read: from the checkpoint minus the overlap (or the first-pull lookback) to now minus the delay. */
export function nextWindow(
  cursorMs: number | null,
  lookbackHours: number,
  nowMs: number,
  settings: PullSettings,
): PullWindow | null {
  const toMs = nowMs - settings.delayMs;
  const earliest = nowMs - lookbackHours * 3_600_000;
  const fromMs = cursorMs === null ? earliest : Math.max(0, cursorMs - settings.overlapMs);
  return fromMs < toMs ? { fromMs, toMs } : null;
}
