import type pg from "pg";

/**
 * A week of settled coverage windows for one source, up to the last settled one, as an
 * established source has: mostly verified, every 97th repaired, every 301st short with a
 * reason. Its page is then the heaviest the console renders (672 windows in the strips).
 */
export async function seedCoverageWeek(client: pg.PoolClient, sourceId: string): Promise<void> {
  await client.query(
    `INSERT INTO coverage_windows (source_id, starts_at, ends_at, state, intake_count, rapid7_count, repulls, reason, checked_at, updated_at)
     SELECT $1, w, w + interval '15 minutes',
            CASE WHEN g % 301 = 0 THEN 'short' WHEN g % 97 = 0 THEN 'repaired' ELSE 'verified' END,
            40 + g % 7, 40 + g % 7 + CASE WHEN g % 301 = 0 THEN 2 ELSE 0 END,
            CASE WHEN g % 97 = 0 OR g % 301 = 0 THEN 1 ELSE 0 END,
            CASE WHEN g % 301 = 0 THEN 'Rapid7 holds 2 more record(s) than Intake stored, even after reading the window again.' END,
            now(), now()
     FROM generate_series(0, 7 * 96 - 1) AS g,
          LATERAL (SELECT to_timestamp(floor(extract(epoch FROM now()) / 900) * 900 - (g + 5) * 900) AS w) AS windows`,
    [sourceId],
  );
}
