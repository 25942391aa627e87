import { db, pool } from "@/lib/db";
import { type CoverageState, MAX_ATTEMPTS, needsCheck, WINDOW_MS, windowStartOf } from "./windows";

/**
 * The coverage ledger in Postgres (coverage_windows): one row per source and window,
 * written only by reconciliation. Rows exist from the start of a source's timeline (the
 * first pull's lookback) up to the current window; a new window starts as `pending`.
 */
export type LedgerRow = { startMs: number; state: CoverageState; attempts: number; repulls: number };

const DAY_MS = 86_400_000;

/** Where a source's timeline begins: its first pull's lookback, but never before its retention. */
export function timelineStartMs(
  source: { createdAt: Date; initialLookbackHours: number; retentionDays: number },
  nowMs: number,
): number {
  const firstPull = source.createdAt.getTime() - source.initialLookbackHours * 3_600_000;
  return windowStartOf(Math.max(firstPull, nowMs - source.retentionDays * DAY_MS));
}

/** Adds a pending row for every window from the timeline's start (or the newest row) to the current window. */
export async function addPendingWindows(sourceId: string, fromMs: number, nowMs: number): Promise<void> {
  await pool().query(
    `WITH newest AS (SELECT max(starts_at) AS starts_at FROM coverage_windows WHERE source_id = $1)
     INSERT INTO coverage_windows (source_id, starts_at, ends_at, state, updated_at)
     SELECT $1, s, s + make_interval(secs => $4::double precision / 1000), 'pending', now()
     FROM newest, generate_series(
       GREATEST(to_timestamp($2::double precision / 1000), COALESCE(newest.starts_at + make_interval(secs => $4::double precision / 1000), '-infinity')),
       to_timestamp($3::double precision / 1000),
       make_interval(secs => $4::double precision / 1000)) AS s
     ON CONFLICT (source_id, starts_at) DO NOTHING`,
    [sourceId, fromMs, windowStartOf(nowMs), WINDOW_MS],
  );
}

/**
 * Windows the next check looks at, oldest first: those that ended by `settledBeforeMs`
 * and still need a check (windows.ts, needsCheck).
 */
export async function windowsToCheck(sourceId: string, settledBeforeMs: number, limit: number): Promise<LedgerRow[]> {
  const rows = await db.coverageWindow.findMany({
    where: {
      sourceId,
      endsAt: { lte: new Date(settledBeforeMs) },
      // The index narrows to these states; needsCheck below has the last word.
      OR: [{ state: "pending" }, { state: { in: ["short", "unverifiable"] }, attempts: { lt: MAX_ATTEMPTS } }],
    },
    orderBy: { startsAt: "asc" },
    take: limit,
    select: { startsAt: true, state: true, attempts: true, repulls: true },
  });
  return rows
    .map((row) => ({
      startMs: row.startsAt.getTime(),
      state: row.state as CoverageState,
      attempts: row.attempts,
      repulls: row.repulls,
    }))
    .filter((row) => needsCheck(row.state, row.attempts, MAX_ATTEMPTS));
}

/** What Intake stored per window (well-formed events plus classification failures) between two window starts. */
export async function storedCounts(sourceId: string, fromMs: number, toMs: number): Promise<Map<number, number>> {
  const { rows } = await pool().query<{ window_ms: string; stored: string }>(
    `SELECT floor(extract(epoch FROM received_at) * 1000 / $4)::bigint * $4 AS window_ms, count(*) AS stored
     FROM (
       SELECT received_at FROM events WHERE source_id = $1 AND received_at >= $2 AND received_at < $3
       UNION ALL
       SELECT received_at FROM classification_failures WHERE source_id = $1 AND received_at >= $2 AND received_at < $3
     ) stored
     GROUP BY 1`,
    [sourceId, new Date(fromMs), new Date(toMs), WINDOW_MS],
  );
  return new Map(rows.map((row) => [Number(row.window_ms), Number(row.stored)]));
}

export type WindowVerdict = {
  startMs: number;
  state: CoverageState;
  intakeCount: number | null;
  rapid7Count: number | null;
  repulls: number;
  reason: string | null;
};

export async function recordVerdicts(sourceId: string, verdicts: WindowVerdict[], checkedAt: Date): Promise<void> {
  if (verdicts.length === 0) return;
  await db.$transaction(
    verdicts.map((verdict) =>
      db.coverageWindow.update({
        where: { sourceId_startsAt: { sourceId, startsAt: new Date(verdict.startMs) } },
        data: {
          state: verdict.state,
          intakeCount: verdict.intakeCount,
          rapid7Count: verdict.rapid7Count,
          repulls: verdict.repulls,
          reason: verdict.reason,
          attempts: { increment: 1 },
          checkedAt,
        },
      }),
    ),
  );
}
