import type pg from "pg";

/**
 * What /metrics reports, read from Postgres when it is scraped: every web instance
 * answers for the whole fleet, and workers need no push gateway. Each query is bounded
 * by the number of sources (index lookups per source), not by the number of events or
 * pull runs ever stored; alert deliveries are counted whole (a few per alert).
 */
export const RECENT_PULLS_MINUTES = 15;

export type SourceLabel = { sourceId: string; source: string };
export type MetricsSnapshot = {
  pullRuns: { outcome: string; count: number }[];
  eventsStored: (SourceLabel & { count: number })[];
  secondsSinceLastStored: (SourceLabel & { seconds: number })[];
  newestEventLag: (SourceLabel & { seconds: number })[];
  queueJobs: { queue: string; state: string; count: number }[];
  rateLimits: (SourceLabel & { family: string; limit: number; remaining: number })[];
  alertDeliveries: { outcome: string; count: number }[];
};

// Runs started in the window, per source through the (source_id, started_at) index.
const RECENT_RUNS = `
  SELECT s.id AS "sourceId", s.name AS source, r.status, count(*)::int AS runs, coalesce(sum(r.events_new), 0)::bigint AS "eventsNew"
  FROM log_sources s
  CROSS JOIN LATERAL (
    SELECT status, events_new FROM pull_runs WHERE source_id = s.id AND started_at >= $1
  ) r
  WHERE s.deleted_at IS NULL
  GROUP BY s.id, s.name, r.status`;

// The newest stored event per source is one probe of the (source_id, id) index.
const SOURCE_LAG = `
  SELECT s.id AS "sourceId", s.name AS source,
    extract(epoch FROM ($1::timestamptz - st.last_event_stored_at))::float8 AS "sinceStored",
    extract(epoch FROM (e.stored_at - e.received_at))::float8 AS "newestLag"
  FROM log_sources s
  LEFT JOIN source_states st ON st.source_id = s.id
  LEFT JOIN LATERAL (
    SELECT stored_at, received_at FROM events WHERE source_id = s.id ORDER BY id DESC LIMIT 1
  ) e ON true
  WHERE s.deleted_at IS NULL`;

// What the last Rapid7 answer said, per key; once its window has reset the whole budget is back.
const RATE_LIMITS = `
  SELECT s.id AS "sourceId", s.name AS source, r.family, r."limit",
    CASE WHEN r.reset_at > $1 THEN r.remaining ELSE r."limit" END AS remaining
  FROM log_sources s
  JOIN rate_limit_states r ON r.key_fingerprint = s.api_key_fingerprint
  WHERE s.deleted_at IS NULL`;

const ALERT_DELIVERIES = `SELECT status AS outcome, count(*)::int AS count FROM alert_deliveries GROUP BY status`;

// pg-boss creates its schema when the first worker starts; before that there is no queue.
const QUEUE_JOBS = `
  SELECT name AS queue, state::text AS state, count(*)::int AS count
  FROM pgboss.job WHERE state < 'completed' GROUP BY name, state`;

type RunRow = SourceLabel & { status: string; runs: number; eventsNew: string };
type LagRow = SourceLabel & { sinceStored: number | null; newestLag: number | null };

export async function collectMetrics(pool: pg.Pool, now = new Date()): Promise<MetricsSnapshot> {
  const since = new Date(now.getTime() - RECENT_PULLS_MINUTES * 60_000);
  const [runs, lag, rateLimits, deliveries, queueJobs] = await Promise.all([
    pool.query<RunRow>(RECENT_RUNS, [since]),
    pool.query<LagRow>(SOURCE_LAG, [now]),
    pool.query<MetricsSnapshot["rateLimits"][number]>(RATE_LIMITS, [now]),
    pool.query<MetricsSnapshot["alertDeliveries"][number]>(ALERT_DELIVERIES),
    queueDepth(pool),
  ]);
  const storedBySource = new Map(
    sumBy(
      runs.rows,
      (row) => row.sourceId,
      (row) => Number(row.eventsNew),
    ),
  );
  return {
    pullRuns: sumBy(
      runs.rows,
      (row) => row.status,
      (row) => row.runs,
    ).map(([outcome, count]) => ({ outcome, count })),
    // Every source gets a value, so a source that stored nothing reads 0 rather than no series.
    eventsStored: lag.rows.map(({ sourceId, source }) => ({
      sourceId,
      source,
      count: storedBySource.get(sourceId) ?? 0,
    })),
    secondsSinceLastStored: lag.rows.flatMap(({ sourceId, source, sinceStored }) =>
      sinceStored === null ? [] : [{ sourceId, source, seconds: Math.max(0, sinceStored) }],
    ),
    newestEventLag: lag.rows.flatMap(({ sourceId, source, newestLag }) =>
      newestLag === null ? [] : [{ sourceId, source, seconds: Math.max(0, newestLag) }],
    ),
    queueJobs,
    rateLimits: rateLimits.rows,
    alertDeliveries: deliveries.rows,
  };
}

async function queueDepth(pool: pg.Pool): Promise<MetricsSnapshot["queueJobs"]> {
  const { rows } = await pool.query<{ exists: boolean }>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS exists`);
  if (!rows[0]?.exists) return [];
  return (await pool.query<MetricsSnapshot["queueJobs"][number]>(QUEUE_JOBS)).rows;
}

function sumBy<T>(rows: T[], key: (row: T) => string, value: (row: T) => number): [string, number][] {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return [...sums];
}
