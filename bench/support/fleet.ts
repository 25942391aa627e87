import type pg from "pg";

/**
 * `count` more sources, paused, with no events: the rest of a large team's fleet beside
 * the benchmark's busy sources. Every source is in the Log Sources list's health, sort
 * and counts, and in Search's and Alerts' source filters, as issue 13's thousand are.
 * Paused, so the worker does not pull them (their keys are placeholders).
 */
export async function seedPausedFleet(client: pg.PoolClient, count: number): Promise<void> {
  if (count <= 0) return;
  await client.query(
    `WITH fleet AS (
       INSERT INTO log_sources (id, name, name_key, region, api_key_encrypted, api_key_fingerprint, api_key_updated_at, audit_logs, paused, updated_at)
       SELECT gen_random_uuid(), 'Fleet source ' || lpad(g::text, 4, '0'), 'fleet source ' || lpad(g::text, 4, '0'),
              'us3', 'x', 'x', now(), '[]', true, now()
       FROM generate_series(1, $1::int) AS g
       RETURNING id
     )
     INSERT INTO source_states (source_id, updated_at) SELECT id, now() FROM fleet`,
    [count],
  );
}
