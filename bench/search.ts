import { pool } from "@/lib/db";
import { encodeCursor } from "@/lib/events/schemas";
import { searchEvents } from "@/lib/events/search";
import { startBenchEnvironment } from "./support/environment";
import { seedManyEvents } from "./support/many-events";

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

/**
 * Search latency on a store of 5,000,000 events (target: a recent-first page under
 * 100 ms). The events are generated inside PostgreSQL with the shapes and value spread
 * of real audit logs (five sources, ~40 actions, 300 people, 90 days), then Search's
 * own queries run against them. Baseline, same run: a primary-key lookup of one event.
 */
export async function searchBenchmark(total = 5_000_000) {
  const bench = await startBenchEnvironment();
  try {
    const client = await pool().connect();
    const seedStarted = performance.now();
    const { sources, now } = await seedManyEvents(client, total);
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
