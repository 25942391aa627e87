import { pool } from "@/lib/db";

/**
 * How long an event takes through each stage, p50 and p95 over the events stored in the
 * last LATENCY_WINDOW_HOURS, computed in SQL:
 *   vendor   event time → Rapid7 received it (the product's delay sending it to Rapid7)
 *   waiting  Rapid7 received it → Intake's pull fetched it (the pull interval, and any backlog)
 *   storing  fetched → stored (Intake's own processing)
 *   total    event time → stored
 * so a slow vendor and a slow Intake are told apart. Events stored before Intake recorded
 * fetch times count only towards vendor and total.
 */
export const LATENCY_WINDOW_HOURS = 24;
const STAGES = ["vendor", "waiting", "storing", "total"] as const;
export type LatencyStage = (typeof STAGES)[number];
export type StageLatency = { stage: LatencyStage; p50Ms: number | null; p95Ms: number | null; events: number };

const LATENCY = `
WITH recent AS (
  SELECT extract(epoch FROM received_at - event_time) * 1000 AS vendor,
         extract(epoch FROM pulled_at - received_at) * 1000 AS waiting,
         extract(epoch FROM stored_at - pulled_at) * 1000 AS storing,
         extract(epoch FROM stored_at - event_time) * 1000 AS total
  FROM events
  WHERE source_id = $1::uuid AND stored_at > $2 AND stored_at <= $3
)
SELECT ${STAGES.map(
  (stage) => `
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${stage}) AS ${stage}_p50,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY ${stage}) AS ${stage}_p95,
  count(${stage})::int AS ${stage}_events`,
).join(",")}
FROM recent`;

export async function stageLatency(sourceId: string, now = new Date()): Promise<StageLatency[]> {
  const from = new Date(now.getTime() - LATENCY_WINDOW_HOURS * 3_600_000);
  const { rows } = await pool().query<Record<string, number | null>>(LATENCY, [sourceId, from, now]);
  const row = rows[0] ?? {};
  const ms = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value));
  return STAGES.map((stage) => ({
    stage,
    p50Ms: ms(row[`${stage}_p50`]),
    p95Ms: ms(row[`${stage}_p95`]),
    events: row[`${stage}_events`] ?? 0,
  }));
}
