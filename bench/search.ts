import { pool } from "@/lib/db";
import { encodeCursor } from "@/lib/events/schemas";
import { searchEvents } from "@/lib/events/search";
import { startBenchEnvironment } from "./support/environment";

/**
 * Search latency on a store of 5,000,000 events (target: a recent-first page under
 * 100 ms). The events are generated inside PostgreSQL with the shapes and value spread
 * of real audit logs (five sources, ~40 actions, 300 people, 90 days), then Search's
 * own queries run against them. Baseline, same run: a primary-key lookup of one event.
 */
const ACTIONS = [
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

async function timeQuery(label: string, runs: number, query: () => Promise<unknown>) {
  await query();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await query();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const pick = (p: number) => +samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(2);
  return { label, p50Ms: pick(0.5), p95Ms: pick(0.95) };
}

export async function searchBenchmark(total = 5_000_000) {
  const bench = await startBenchEnvironment();
  try {
    const client = await pool().connect();
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
    const seedStarted = performance.now();
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
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const { rows } = await client.query<{ id: string }>("SELECT id FROM events ORDER BY id DESC LIMIT 1");
    const someId = rows[0]!.id;
    client.release();

    const firstPage = await searchEvents({ range: "24h" });
    let deep = firstPage;
    for (let page = 0; page < 20 && deep.nextCursor; page += 1)
      deep = await searchEvents({ range: "30d", cursor: deep.nextCursor });
    const deepCursor =
      deep.nextCursor ??
      (firstPage.rows.length ? encodeCursor({ timeMs: now - 20 * 86_400_000, id: someId }) : undefined);

    const runs = 30;
    const results = [
      await timeQuery("baseline: one event by primary key", runs, () =>
        pool().query("SELECT id, action FROM events WHERE id = $1", [someId]),
      ),
      await timeQuery("recent-first page, last 24 h, all sources", runs, () => searchEvents({ range: "24h" })),
      await timeQuery("recent-first page, last 30 d, all sources", runs, () => searchEvents({ range: "30d" })),
      await timeQuery("one source, last 7 d", runs, () => searchEvents({ range: "7d", source: sources[2]! })),
      await timeQuery("action filter, last 30 d", runs, () =>
        searchEvents({ range: "30d", action: "DELETE_HONEYPOT" }),
      ),
      await timeQuery("person filter, last 30 d", runs, () =>
        searchEvents({ range: "30d", person: "user42@acme.example" }),
      ),
      await timeQuery("text in description, last 30 d", runs, () => searchEvents({ range: "30d", text: 'net-123"' })),
      await timeQuery("page 21 by keyset, last 30 d", runs, () =>
        searchEvents({ range: "30d", ...(deepCursor ? { cursor: deepCursor } : {}) }),
      ),
    ];
    const baseline = results[0]!.p50Ms;
    const recent = results[1]!;
    return {
      name: "search",
      events: total,
      seedSeconds: Math.round(seedSeconds),
      queries: results.map((r) => ({ ...r, ratioToBaselineP50: +(r.p50Ms / Math.max(baseline, 0.01)).toFixed(1) })),
      target: { recentFirstPageUnderMs: 100 },
      summary:
        `on ${total.toLocaleString("en-US")} events: recent-first page p50 ${recent.p50Ms} ms, p95 ${recent.p95Ms} ms (target < 100 ms; ${(recent.p50Ms / Math.max(baseline, 0.01)).toFixed(1)}x a primary-key lookup at ${baseline} ms)\n` +
        results.map((r) => `  ${r.label}: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms`).join("\n"),
    };
  } finally {
    await bench.close();
  }
}
