import { pool } from "@/lib/db";

export type AlertedSource = { id: string; name: string };

/**
 * The alert list's source filter offers the sources that have alerts (open or resolved),
 * not every source: a fleet of a thousand sources made every Alerts page carry a thousand
 * options it mostly could not match. The distinct source ids come from walking the
 * (source_id, status) index one id at a time, so the cost follows the sources with alerts,
 * not the number of alerts. A deleted source whose events were kept still has its alerts,
 * so it stays, named as deleted (its name_key no longer sorts by name: lower(name) does).
 */
export async function listAlertedSources(): Promise<AlertedSource[]> {
  const { rows } = await pool().query<AlertedSource>(
    `WITH RECURSIVE walk(id) AS (
       (SELECT source_id FROM alerts WHERE source_id IS NOT NULL ORDER BY source_id LIMIT 1)
       UNION ALL
       SELECT (SELECT a.source_id FROM alerts a WHERE a.source_id > walk.id ORDER BY a.source_id LIMIT 1)
       FROM walk WHERE walk.id IS NOT NULL
     )
     SELECT s.id, s.name || CASE WHEN s.deleted_at IS NULL THEN '' ELSE ' (deleted)' END AS name
     FROM walk JOIN log_sources s ON s.id = walk.id
     ORDER BY lower(s.name), s.id`,
  );
  return rows;
}
