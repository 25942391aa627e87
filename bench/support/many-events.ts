import type pg from "pg";

/** About forty real Rapid7 audit actions, spread over the seeded events. */
export const ACTIONS = [
  "LOG_CREATED",
  "LOG_UPDATED",
  "LOG_DELETED",
  "ACTIVATE_COLLECTOR",
  "DELETE_COLLECTOR",
  "COPY_EVENT_SOURCES",
  "ACTIVATE_HONEYPOT",
  "DELETE_HONEYPOT",
  "ACTIVATE_ORCHESTRATOR",
  "DELETE_ORCHESTRATOR",
  "ADD_EVENT_SOURCE",
  "SAVE_POLICY",
  "UPDATE_POLICY_DESCRIPTION",
  "UPDATE_POLICY_CPE_INFO",
  "UPDATE_POLICY_RULE_INFO",
  "CREATE_NEW_RULE",
  "REORDER_RULES",
  "DELETE_RULES",
  "DISABLE_RULES",
  "ENABLE_RULES",
  "IMPORT_RULES",
  "CREATE_API_KEY",
  "DELETE_API_KEY",
  "INVITE_USER",
  "REMOVE_USER",
  "UPDATE_ROLE",
  "LOGIN",
  "LOGOUT",
  "EXPORT_DATA",
  "CREATE_INVESTIGATION",
  "CLOSE_INVESTIGATION",
  "UPDATE_INVESTIGATION",
  "CREATE_PARSER",
  "UPDATE_PARSER",
  "DELETE_PARSER",
  "RUN_WORKFLOW",
  "CREATE_WORKFLOW",
  "DELETE_WORKFLOW",
  "UPDATE_PROFILE",
  "RESET_PASSWORD",
];

/**
 * Events generated inside PostgreSQL with the shapes and value spread of real audit logs
 * (five paused sources, ~40 actions, 300 people, 90 days up to now), for the benchmarks
 * that need millions of stored events. Returns the sources' ids.
 */
export async function seedManyEvents(
  client: pg.PoolClient,
  total: number,
): Promise<{ sources: string[]; now: number }> {
  const sources = Array.from({ length: 5 }, () => crypto.randomUUID());
  for (const [index, id] of sources.entries()) {
    await client.query(
      `INSERT INTO log_sources (id, name, name_key, region, api_key_encrypted, api_key_fingerprint, api_key_updated_at, audit_logs, paused, updated_at)
         VALUES ($1, $2, $2, 'us3', 'x', 'x', now(), '[]', true, now())`,
      [id, `search bench ${index}`],
    );
  }
  const now = Date.now();
  const chunk = 500_000;
  for (let offset = 0; offset < total; offset += chunk) {
    await client.query(
      `INSERT INTO events (source_id, audit_id, event_time, received_at, stored_at, action, result, product, description, emails, usernames, log_id, sequence, normalized, raw)
         SELECT s.sources[1 + (g % 5)], 'bench-' || g,
                t, t + interval '2 seconds', t + interval '3 seconds',
                s.actions[1 + (g * 7 % array_length(s.actions, 1))],
                CASE WHEN g % 13 = 0 THEN 'FAILURE' ELSE 'SUCCESS' END,
                (ARRAY['IDR','IVM','PLATFORM'])[1 + g % 3],
                'Log "net-' || (g % 997) || '" was updated by automation ' || (g % 31),
                ARRAY['user' || (g % 300) || '@acme.example'],
                ARRAY['User ' || (g % 300)],
                'log-' || (g % 3), (3237201778429120512 + g)::text,
                jsonb_build_object('action', s.actions[1 + (g * 7 % array_length(s.actions, 1))], 'audit_id', 'bench-' || g, 'p_log_type', 'Rapid7.AuditLog', 'p_event_time', t, 'p_any_emails', jsonb_build_array('user' || (g % 300) || '@acme.example')),
                '{"action":"bench","audit_id":"bench-' || g || '"}'
         FROM generate_series($1::bigint, $2::bigint) AS g,
              LATERAL (SELECT to_timestamp(($3::bigint - g * (90::bigint * 86400000 / $4::bigint)) / 1000.0) AS t) AS times,
              (SELECT $5::uuid[] AS sources, $6::text[] AS actions) AS s`,
      [offset + 1, Math.min(total, offset + chunk), now, total, sources, ACTIONS],
    );
    process.stdout.write(`  seeded ${Math.min(total, offset + chunk).toLocaleString("en-US")} events\n`);
  }
  await client.query("VACUUM ANALYZE events");
  return { sources, now };
}
