import { db, pool } from "@/lib/db";
import type { SourceHealth } from "./describe";

/**
 * A source's health history: one row per change of its status or reason, with its time,
 * so "since" means since the state changed (not since the last check ran). Health is
 * computed whenever it is read, and the alerts evaluation reads every source each minute,
 * so a change is recorded within a minute of happening even when nobody looks; a page or
 * API read that sees it first records it then.
 */
export type HealthState = { status: string; reason: string | null };
export type HealthChange = HealthState & { at: Date };

/** The reason recorded with the status: the silence's, else the first failing (then warning) check's, else the qualifier. */
export function healthState(health: Omit<SourceHealth, "since">): HealthState {
  const check =
    health.checks.find((candidate) => candidate.status === "failing" && candidate.reason) ??
    health.checks.find((candidate) => candidate.status === "warning" && candidate.reason);
  return { status: health.status, reason: health.silence?.reason ?? check?.reason ?? health.qualifier ?? null };
}

const RECORD_CHANGES = `
WITH wanted AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS w(source_id, status, reason)
), latest AS (
  SELECT DISTINCT ON (source_id) source_id, status, reason, at
  FROM source_health_changes WHERE source_id = ANY($1::uuid[])
  ORDER BY source_id, id DESC
), inserted AS (
  INSERT INTO source_health_changes (source_id, at, status, reason)
  SELECT w.source_id, $4, w.status, w.reason FROM wanted w LEFT JOIN latest l USING (source_id)
  WHERE l.source_id IS NULL
     OR ((l.status IS DISTINCT FROM w.status OR l.reason IS DISTINCT FROM w.reason) AND l.at <= $4)
  RETURNING source_id, at
)
SELECT source_id, at FROM inserted
UNION ALL
SELECT l.source_id, l.at FROM latest l JOIN wanted w USING (source_id)
WHERE l.status = w.status AND l.reason IS NOT DISTINCT FROM w.reason`;

const LATEST_STATES = `
SELECT DISTINCT ON (source_id) source_id, status, reason, at
FROM source_health_changes WHERE source_id = ANY($1::uuid[])
ORDER BY source_id, id DESC`;

/**
 * Records the states that changed since the last recorded one, and returns, per source,
 * since when it has been in its current state. Serialized, so two readers seeing the
 * same change at once record it once. A reader whose view is older than the last recorded
 * change (a slow page read overtaken by the minute's evaluation) records nothing for that
 * source, and gets no "since" for a state that is no longer current: recording it would
 * put an old state after a newer one and draw a flap that never happened. Nearly every read changes nothing, so it first
 * only reads: the lock and the write are taken when a state differs. Under a console's
 * load every page view of a thousand sources otherwise queued on that one lock.
 */
export async function recordHealthStates(states: Map<string, HealthState>, now: Date): Promise<Map<string, Date>> {
  if (states.size === 0) return new Map();
  const ids = [...states.keys()];
  const { rows: latest } = await pool().query<HealthState & { source_id: string; at: Date }>(LATEST_STATES, [ids]);
  if (latest.length === states.size) {
    const unchanged = latest.every((row) => {
      const wanted = states.get(row.source_id);
      return wanted !== undefined && wanted.status === row.status && wanted.reason === row.reason;
    });
    if (unchanged) return new Map(latest.map((row) => [row.source_id, row.at]));
  }
  return recordChangedStates(ids, states, now);
}

async function recordChangedStates(
  ids: string[],
  states: Map<string, HealthState>,
  now: Date,
): Promise<Map<string, Date>> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('intake:health-history', 0))");
    const { rows } = await client.query<{ source_id: string; at: Date }>(RECORD_CHANGES, [
      ids,
      ids.map((id) => states.get(id)!.status),
      ids.map((id) => states.get(id)!.reason),
      now,
    ]);
    await client.query("COMMIT");
    return new Map(rows.map((row) => [row.source_id, row.at]));
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function healthHistory(sourceId: string, limit = 20): Promise<HealthChange[]> {
  return db.sourceHealthChange.findMany({
    where: { sourceId },
    orderBy: { id: "desc" },
    take: limit,
    select: { at: true, status: true, reason: true },
  });
}

/** One stretch of a source's health: the state it was in from `fromMs` until `untilMs` (UTC epoch ms). */
export type HealthSpan = HealthState & { fromMs: number; untilMs: number; current: boolean };

/** Enough changes for a week of a source flapping every few minutes; older ones in the window are left out. */
const TIMELINE_MAX_CHANGES = 5_000;

/**
 * The source's health over the `windowMs` before `now`, as consecutive spans: the state
 * it was already in when the window opened (from the last change before it), then each
 * change inside it. Time before the first recorded change has no span.
 */
export async function healthTimeline(sourceId: string, windowMs: number, now = new Date()): Promise<HealthSpan[]> {
  const start = new Date(now.getTime() - windowMs);
  const select = { id: true, at: true, status: true, reason: true } as const;
  const [before, inside] = await Promise.all([
    db.sourceHealthChange.findFirst({
      where: { sourceId, at: { lt: start } },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select,
    }),
    db.sourceHealthChange.findMany({
      where: { sourceId, at: { gte: start, lte: now } },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: TIMELINE_MAX_CHANGES,
      select,
    }),
  ]);
  // When the window holds more changes than are read, the state before it no longer adjoins them.
  const adjoining = before && inside.length < TIMELINE_MAX_CHANGES ? [before] : [];
  const changes = [...adjoining, ...inside.reverse()];
  return changes.map((change, index) => {
    const next = changes[index + 1];
    return {
      status: change.status,
      reason: change.reason,
      fromMs: Math.max(change.at.getTime(), start.getTime()),
      untilMs: next ? next.at.getTime() : now.getTime(),
      current: !next,
    };
  });
}
