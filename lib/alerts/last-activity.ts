import { pool } from "@/lib/db";

/**
 * The last people and actions a source's audit trail showed before it went silent: what
 * a security alert carries, so whoever picks it up sees at once who was active just
 * before the logs stopped (the person who revoked the key is often the last one seen).
 * Distinct person + action pairs, newest first, each with the last time it was seen,
 * taken from the source's most recent stored events.
 */
export type LastActivity = { who: string; action: string; lastSeenAt: string; times: number };

const LAST_ACTIVITY = `
WITH recent AS (
  SELECT coalesce(emails[1], usernames[1], 'unknown') AS who, action, event_time
  FROM events WHERE source_id = $1::uuid
  ORDER BY event_time DESC, id DESC
  LIMIT $2
)
SELECT who, action, max(event_time) AS last_seen_at, count(*)::int AS times
FROM recent GROUP BY who, action
ORDER BY last_seen_at DESC, who, action
LIMIT $3`;

export async function lastActivityOf(sourceId: string, pairs = 10, scannedEvents = 500): Promise<LastActivity[]> {
  const { rows } = await pool().query<{ who: string; action: string; last_seen_at: Date; times: number }>(
    LAST_ACTIVITY,
    [sourceId, scannedEvents, pairs],
  );
  return rows.map((row) => ({
    who: row.who,
    action: row.action,
    lastSeenAt: row.last_seen_at.toISOString(),
    times: row.times,
  }));
}
