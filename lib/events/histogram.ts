import { pool } from "@/lib/db";
import { filterConditions, sourceConditions } from "./query";
import { resolveWindow, type SearchFilters } from "./schemas";

/**
 * How many events match a search per slice of its time window, for the volume histogram
 * above the results. The filters are the search's own (lib/events/query), counted with
 * date_bin over event_time, so the indexes that serve the search serve the count.
 */
export type VolumeHistogram =
  | {
      status: "counted";
      fromMs: number;
      toMs: number;
      bucketMs: number;
      buckets: { startMs: number; events: number }[];
    }
  | { status: "too-slow" };

const MINUTE_MS = 60_000;
/** Bucket sizes a person reads easily, smallest first. */
const BUCKET_SIZES_MS = [1, 5, 10, 15, 30, 60, 180, 360, 720, 1440, 10_080].map((minutes) => minutes * MINUTE_MS);
const MAX_BUCKETS = 60;
/** A count that takes longer than this is dropped so the results still show promptly. */
const COUNT_BUDGET_MS = 3_000;
const QUERY_CANCELED = "57014";

/** Counts cover the whole window (the page position, the cursor, plays no part). */
export async function searchVolume(filters: SearchFilters, now = new Date()): Promise<VolumeHistogram> {
  const window = resolveWindow(filters, now);
  const toMs = (window.to ?? now).getTime();
  const fromMs = window.from?.getTime() ?? toMs - 24 * 60 * MINUTE_MS;
  const bucketMs = BUCKET_SIZES_MS.find((size) => (toMs - fromMs) / size <= MAX_BUCKETS) ?? BUCKET_SIZES_MS.at(-1)!;
  const firstMs = Math.floor(fromMs / bucketMs) * bucketMs;
  const count = Math.max(1, Math.ceil((toMs - firstMs + 1) / bucketMs));

  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [...filterConditions(filters, now, param), ...sourceConditions(filters, param)];
  const text = `SELECT (extract(epoch FROM date_bin(${param(bucketMs)}::bigint * interval '1 millisecond', e.event_time, 'epoch'::timestamptz)) * 1000)::bigint AS start_ms,
                       count(*)::int AS events
                FROM events e ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
                GROUP BY 1`;

  const client = await pool().connect();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${COUNT_BUDGET_MS}`);
    const { rows } = await client.query<{ start_ms: string; events: number }>(text, values);
    await client.query("COMMIT");
    const counted = new Map(rows.map((row) => [Number(row.start_ms), row.events]));
    return {
      status: "counted",
      fromMs,
      toMs,
      bucketMs,
      buckets: Array.from({ length: count }, (_, index) => {
        const startMs = firstMs + index * bucketMs;
        return { startMs, events: counted.get(startMs) ?? 0 };
      }),
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    if ((error as { code?: string }).code === QUERY_CANCELED) return { status: "too-slow" };
    throw error;
  } finally {
    client.release();
  }
}
