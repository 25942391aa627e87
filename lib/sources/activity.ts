import { db, pool } from "@/lib/db";

/** Events stored per hour for the last `hours` hours, oldest first, per source (from the hourly counters). */
export async function hourlyActivity(
  sourceIds: string[],
  hours = 24,
  now = new Date(),
): Promise<Map<string, number[]>> {
  const end = new Date(now);
  end.setUTCMinutes(0, 0, 0);
  const start = new Date(end.getTime() - (hours - 1) * 3_600_000);
  const rows = sourceIds.length
    ? await db.sourceEventCount.findMany({
        where: { sourceId: { in: sourceIds }, hour: { gte: start } },
        select: { sourceId: true, hour: true, events: true },
      })
    : [];
  const series = new Map(sourceIds.map((id) => [id, Array.from({ length: hours }, () => 0)]));
  for (const row of rows) {
    const slot = Math.round((row.hour.getTime() - start.getTime()) / 3_600_000);
    const values = series.get(row.sourceId);
    if (values && slot >= 0 && slot < hours) values[slot] = (values[slot] ?? 0) + row.events;
  }
  return series;
}

export const ACTIVITY_RANGES = ["24h", "7d", "30d"] as const;
export type ActivityRange = (typeof ACTIVITY_RANGES)[number];

/**
 * Which time an event is counted at: its own (the Rapid7 record's timestamp), or when
 * Intake stored it. A backfill is one spike by stored time and spread over its own
 * hours and days by event time.
 */
export const ACTIVITY_CLOCKS = ["event", "stored"] as const;
export type ActivityClock = (typeof ACTIVITY_CLOCKS)[number];

/** Buckets oldest first, each `bucketMs` long from `startMs` (UTC epoch ms); empty buckets count zero. */
export type ActivitySeries = { bucketMs: number; buckets: { startMs: number; events: number }[] };

const HOUR_MS = 3_600_000;
const BUCKETS: Record<ActivityRange, { bucketMs: number; count: number }> = {
  "24h": { bucketMs: HOUR_MS, count: 24 },
  "7d": { bucketMs: 6 * HOUR_MS, count: 28 },
  "30d": { bucketMs: 24 * HOUR_MS, count: 30 },
};

/**
 * Event time is counted from the events themselves through the (source_id, event_time)
 * index; stored time from the hourly counters the writer keeps, which stay cheap however
 * many events there are. Buckets are aligned to UTC, the newest one holding `now`.
 */
const BY_EVENT_TIME = `
SELECT (extract(epoch FROM date_bin($2::bigint * interval '1 millisecond', event_time, 'epoch'::timestamptz)) * 1000)::bigint AS start_ms,
       count(*)::int AS events
FROM events WHERE source_id = $1 AND event_time >= $3 AND event_time < $4
GROUP BY 1`;

const BY_STORED_TIME = `
SELECT (extract(epoch FROM date_bin($2::bigint * interval '1 millisecond', hour, 'epoch'::timestamptz)) * 1000)::bigint AS start_ms,
       sum(events)::int AS events
FROM source_event_counts WHERE source_id = $1 AND hour >= $3 AND hour < $4
GROUP BY 1`;

export async function activitySeries(
  sourceId: string,
  range: ActivityRange,
  clock: ActivityClock,
  now = new Date(),
): Promise<ActivitySeries> {
  const { bucketMs, count } = BUCKETS[range];
  const endMs = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
  const startMs = endMs - count * bucketMs;
  const { rows } = await pool().query<{ start_ms: string; events: number }>(
    clock === "event" ? BY_EVENT_TIME : BY_STORED_TIME,
    [sourceId, bucketMs, new Date(startMs), new Date(endMs)],
  );
  const counted = new Map(rows.map((row) => [Number(row.start_ms), row.events]));
  return {
    bucketMs,
    buckets: Array.from({ length: count }, (_, index) => {
      const bucketStart = startMs + index * bucketMs;
      return { startMs: bucketStart, events: counted.get(bucketStart) ?? 0 };
    }),
  };
}
