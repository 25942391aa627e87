import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { db, pool } from "@/lib/db";
import { createRapid7Client } from "@/lib/integrations/rapid7";
import { DEMO_US3_ADMIN_KEY } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { WORKER_ARGS } from "@/bin/launcher/worker-args";
import { createSourceSchema } from "@/lib/sources/schemas";
import { createSource } from "@/lib/sources/service";
import { formatRate, peakRssMb, startBenchEnvironment } from "./support/environment";

/**
 * Backfill of 1,000,000 simulator events into one source by a real worker process:
 * wall time, events/s and the worker's peak RSS (targets: under 60 s, under 300 MB).
 * Baseline, same run: the Rapid7 client paging the same events without storing them,
 * so the ratio shows what normalizing and storing cost on top of fetching.
 */
export async function backfillBenchmark(count = 1_000_000) {
  const bench = await startBenchEnvironment();
  try {
    const now = Date.now();
    // The simulator answers at once and without a rate limit, so the figure measures Intake's
    // pipeline; against the real Rapid7 a backfill is paced by its rate limit instead.
    await bench.simulator.control("POST", "/knobs", {
      pendingPolls: 0,
      rateLimit: { limit: 1_000_000_000, windowSec: 900 },
    });
    const admin = await db.user.create({
      data: { email: "bench@example.com", name: "Bench", role: "ADMIN", passwordHash: "x" },
    });
    const source = await createSource(
      { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" },
      createSourceSchema.parse({
        name: "Backfill benchmark",
        region: "us3",
        apiKey: DEMO_US3_ADMIN_KEY,
        initialLookbackHours: 24,
      }),
    );
    const log = (source.auditLogs as { id: string; name: string }[]).find((l) => l.name === "InsightIDR Audit")!;
    await bench.simulator.control("POST", "/bulk", {
      region: "us3",
      logId: log.id,
      count,
      fromMs: now - 20 * 3_600_000,
      toMs: now - 120_000,
    });

    // Baseline: fetch every page, store nothing.
    const fetchStarted = performance.now();
    let fetched = 0;
    const client = createRapid7Client({
      region: "us3",
      apiKey: DEMO_US3_ADMIN_KEY,
      baseUrlTemplate: bench.simulator.baseUrlTemplate,
    });
    for await (const page of client.queryPages({
      logIds: [log.id],
      fromMs: now - 24 * 3_600_000,
      toMs: Date.now() - 30_000,
      perPage: 500,
    }))
      fetched += page.events.length;
    const fetchMs = performance.now() - fetchStarted;

    const started = performance.now();
    // The worker exactly as `npm start` runs it.
    const worker = spawn(process.execPath, WORKER_ARGS, {
      env: { ...bench.env, INTAKE_LOG_LEVEL: "warn" },
      stdio: "inherit",
    });
    let stored = 0;
    let peak = 0;
    while (stored < count) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (worker.pid) peak = Math.max(peak, peakRssMb(worker.pid));
      // The per-hour counters are committed with the events; counting the rows themselves
      // every 250 ms would load the database the benchmark is measuring.
      const counted = await db.sourceEventCount.aggregate({ where: { sourceId: source.id }, _sum: { events: true } });
      stored = counted._sum.events ?? 0;
      if (performance.now() - started > 15 * 60_000) throw new Error(`backfill stalled at ${stored} events`);
    }
    const wallMs = performance.now() - started;
    if (worker.pid) peak = Math.max(peak, peakRssMb(worker.pid));
    worker.kill("SIGTERM");
    await new Promise((resolve) => worker.once("close", resolve));
    await stopQueueSender();

    const run = await db.pullRun.findFirst({
      where: { sourceId: source.id, status: "succeeded" },
      orderBy: { startedAt: "desc" },
    });
    const rawCopyMs = await rawCopyOfTheSameRows(source.id);
    return {
      name: "backfill",
      events: count,
      wallSeconds: +(wallMs / 1000).toFixed(1),
      eventsPerSecond: Math.round(count / (wallMs / 1000)),
      workerPeakRssMb: Math.round(peak),
      requests: run?.requests ?? null,
      baseline: { fetchOnlyEventsPerSecond: Math.round(fetched / (fetchMs / 1000)), fetched },
      ratioToFetchOnly: +(count / wallMs / (fetched / fetchMs)).toFixed(2),
      rawCopySeconds: +(rawCopyMs / 1000).toFixed(1),
      ratioToRawCopy: +(rawCopyMs / wallMs).toFixed(2),
      targets: { wallSecondsUnder: 60, peakRssMbUnder: 300 },
      summary:
        `backfill of ${count.toLocaleString("en-US")} events: ${(wallMs / 1000).toFixed(1)} s, ${formatRate(count, wallMs)}, worker peak RSS ${Math.round(peak)} MB; ` +
        `baselines in the same run: fetching the pages alone ${formatRate(fetched, fetchMs)}, one raw COPY of the very same rows into the emptied table ${(rawCopyMs / 1000).toFixed(1)} s ` +
        `(the backfill takes ${(wallMs / rawCopyMs).toFixed(2)}x the raw COPY's time)`,
    };
  } finally {
    await bench.close();
  }
}

const COLUMNS =
  "source_id, audit_id, event_time, received_at, action, result, product, description, emails, usernames, log_id, sequence, normalized, raw";

/**
 * The database's own ceiling for these rows: export exactly what the backfill stored,
 * empty the table, and time one COPY of it back in (same table, same indexes).
 */
async function rawCopyOfTheSameRows(sourceId: string): Promise<number> {
  const folder = mkdtempSync(path.join(tmpdir(), "intake-bench-copy-"));
  const file = path.join(folder, "events.csv");
  const client = await pool().connect();
  try {
    await pipeline(
      client.query(
        copyTo(`COPY (SELECT ${COLUMNS} FROM events WHERE source_id = '${sourceId}') TO STDOUT (FORMAT csv)`),
      ),
      createWriteStream(file),
    );
    await client.query("TRUNCATE events CASCADE");
    await client.query("CHECKPOINT");
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY events (${COLUMNS}) FROM STDIN (FORMAT csv)`)));
    return performance.now() - started;
  } finally {
    client.release();
    rmSync(folder, { recursive: true, force: true });
  }
}
