import type pg from "pg";

/**
 * The coverage of an established source, as its page shows it: every window of the last
 * seven UTC days, today's up to the last settled one (it ended an hour ago), so 576 windows
 * plus four an hour of today. Mostly verified; every 97th repaired; every 301st short after
 * its three checks, with a reason, as the Log Sources list counts a short window.
 */
export async function seedCoverageWeek(client: pg.PoolClient, sourceId: string): Promise<void> {
  await client.query(
    `INSERT INTO coverage_windows (source_id, starts_at, ends_at, state, intake_count, rapid7_count, repulls, attempts, reason, checked_at, updated_at)
     SELECT $1, w, w + interval '15 minutes',
            CASE WHEN g % 301 = 0 THEN 'short' WHEN g % 97 = 0 THEN 'repaired' ELSE 'verified' END,
            40 + g % 7, 40 + g % 7 + CASE WHEN g % 301 = 0 THEN 2 ELSE 0 END,
            CASE WHEN g % 97 = 0 OR g % 301 = 0 THEN 1 ELSE 0 END,
            CASE WHEN g % 301 = 0 THEN 3 ELSE 1 END,
            CASE WHEN g % 301 = 0 THEN 'Rapid7 holds 2 more record(s) than Intake stored, even after reading the window again.' END,
            now(), now()
     FROM generate_series(0, 7 * 96 - 1) AS g,
          LATERAL (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '6 days' + g * interval '15 minutes' AS w) AS windows
     WHERE w + interval '75 minutes' <= now()`,
    [sourceId],
  );
}
