import { spawn } from "node:child_process";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { db, pool } from "@/lib/db";
import { searchEvents } from "@/lib/events/search";
import { createRapid7Client } from "@/lib/integrations/rapid7";
import { DEMO_US3_ADMIN_KEY } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { WORKER_ARGS } from "@/bin/launcher/worker-args";
import { createSourceSchema } from "@/lib/sources/schemas";
import { createSource } from "@/lib/sources/service";
import { cpuSeconds, postgresCpuSeconds, postgresProcesses, postmasterOf } from "./support/cpu";
import { formatRate, peakRssMb, startBenchEnvironment } from "./support/environment";

/**
 * Backfill of 1,000,000 simulator events into one source by a real worker process:
 * wall time, events/s, the worker's peak RSS (targets: under 60 s, under 300 MB) and the
 * time until Search (lib/events/search) returns the source's first event. Baselines,
 * same run: the Rapid7 client paging the same events without storing them, and one raw
 * COPY of the stored rows into the same table (issue 13's budget: at most 1.1x its time).
 * CPU seconds of PostgreSQL, the worker and the simulator come with the times: on a
 * shared machine they move far less than wall times, which follow the neighbours' load.
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

    const postmaster = postmasterOf((await db.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid);
    const simulatorPid = bench.simulator.process.pid!;
    const cpuBefore = { postgres: postgresCpuSeconds(postmaster), simulator: cpuSeconds(simulatorPid) };
    const pgProcesses = new ProcessCpuTally(postgresProcesses(postmaster));
    const started = performance.now();
    const spawnedAt = Date.now();
    // The worker exactly as `npm start` runs it.
    const worker = spawn(process.execPath, WORKER_ARGS, {
      env: { ...bench.env, INTAKE_LOG_LEVEL: "warn" },
      stdio: "inherit",
    });
    let stored = 0;
    let peak = 0;
    let firstSearchableMs: number | null = null;
    while (stored < count) {
      // Finer steps until the first event shows, so that figure is not rounded up to a poll.
      await new Promise((resolve) => setTimeout(resolve, firstSearchableMs === null ? 50 : 250));
      if (firstSearchableMs === null) {
        // What the Search page runs: the source's newest events.
        const page = await searchEvents({ source: source.id, range: "24h" }, { pageSize: 1 });
        if (page.rows.length > 0) firstSearchableMs = performance.now() - started;
      }
      if (worker.pid) peak = Math.max(peak, peakRssMb(worker.pid));
      pgProcesses.sample(postgresProcesses(postmaster));
      // The per-hour counters are committed with the events; counting the rows themselves
      // every 250 ms would load the database the benchmark is measuring.
      const counted = await db.sourceEventCount.aggregate({ where: { sourceId: source.id }, _sum: { events: true } });
      stored = counted._sum.events ?? 0;
      if (performance.now() - started > 15 * 60_000) throw new Error(`backfill stalled at ${stored} events`);
    }
    const wallMs = performance.now() - started;
    if (worker.pid) peak = Math.max(peak, peakRssMb(worker.pid));
    pgProcesses.sample(postgresProcesses(postmaster));
    const cpu = {
      postgresByRole: pgProcesses.byRole(),
      postgres: +(postgresCpuSeconds(postmaster) - cpuBefore.postgres).toFixed(1),
      worker: worker.pid ? +cpuSeconds(worker.pid).toFixed(1) : null,
      simulator: +(cpuSeconds(simulatorPid) - cpuBefore.simulator).toFixed(1),
    };
    worker.kill("SIGTERM");
    await new Promise((resolve) => worker.once("close", resolve));
    await stopQueueSender();

    const [vacuums] = await db.$queryRaw<{ vacuums: number; analyzes: number }[]>`
      SELECT autovacuum_count::int AS vacuums, autoanalyze_count::int AS analyzes FROM pg_stat_user_tables WHERE relname = 'events'`;
    const run = await db.pullRun.findFirst({
      where: { sourceId: source.id, status: "succeeded" },
      orderBy: { startedAt: "desc" },
    });
    const firstRun = await db.pullRun.findFirst({ where: { sourceId: source.id }, orderBy: { startedAt: "asc" } });
    const pullStartedMs = firstRun ? firstRun.startedAt.getTime() - spawnedAt : null;
    const rawCopy = await rawCopyOfTheSameRows(source.id, postmaster);
    const rawCopyMs = rawCopy.ms;
    const firstSearchable = firstSearchableMs ?? wallMs;
    return {
      name: "backfill",
      events: count,
      wallSeconds: +(wallMs / 1000).toFixed(1),
      eventsPerSecond: Math.round(count / (wallMs / 1000)),
      workerPeakRssMb: Math.round(peak),
      firstSearchableSeconds: +(firstSearchable / 1000).toFixed(2),
      // When the worker began the pull, after its own start-up (from the pull run's start time).
      pullStartedAfterSeconds: pullStartedMs === null ? null : +(pullStartedMs / 1000).toFixed(2),
      cpuSeconds: cpu,
      // Autovacuum and autoanalyze passes over events during the backfill (its growth triggers them).
      eventsAutovacuums: vacuums ?? null,
      rawCopyPostgresCpuSeconds: +rawCopy.postgresCpuSeconds.toFixed(1),
      loadAverage: +loadavg()[0]!.toFixed(1),
      requests: run?.requests ?? null,
      baseline: { fetchOnlyEventsPerSecond: Math.round(fetched / (fetchMs / 1000)), fetched },
      ratioToFetchOnly: +(count / wallMs / (fetched / fetchMs)).toFixed(2),
      rawCopySeconds: +(rawCopyMs / 1000).toFixed(1),
      ratioToRawCopy: +(wallMs / rawCopyMs).toFixed(2),
      // The same from the pull's start, leaving out the worker process's own start-up (a
      // running worker starts a backfill without it); the headline ratio keeps it in.
      ratioToRawCopyFromPullStart: pullStartedMs === null ? null : +((wallMs - pullStartedMs) / rawCopyMs).toFixed(2),
      targets: { wallSecondsUnder: 60, peakRssMbUnder: 300 },
      summary:
        `backfill of ${count.toLocaleString("en-US")} events: ${(wallMs / 1000).toFixed(1)} s, ${formatRate(count, wallMs)}, worker peak RSS ${Math.round(peak)} MB; ` +
        `first event in Search after ${(firstSearchable / 1000).toFixed(1)} s (the worker began the pull after ${pullStartedMs === null ? "?" : (pullStartedMs / 1000).toFixed(1)} s); ` +
        `CPU: PostgreSQL ${cpu.postgres} s (${Object.entries(cpu.postgresByRole)
          .map(([role, s]) => `${role} ${s}`)
          .join(", ")}), worker ${cpu.worker} s, simulator ${cpu.simulator} s; ` +
        `baselines in the same run: fetching the pages alone ${formatRate(fetched, fetchMs)}, one raw COPY of the very same rows into the emptied table ${(rawCopyMs / 1000).toFixed(1)} s ` +
        `(the backfill takes ${(wallMs / rawCopyMs).toFixed(2)}x the raw COPY's time, ${pullStartedMs === null ? "?" : ((wallMs - pullStartedMs) / rawCopyMs).toFixed(2)}x from the pull's start), PostgreSQL CPU for that COPY ${rawCopy.postgresCpuSeconds.toFixed(1)} s; ` +
        `load average ${loadavg()[0]!.toFixed(1)}`,
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
async function rawCopyOfTheSameRows(
  sourceId: string,
  postmaster: number,
): Promise<{ ms: number; postgresCpuSeconds: number }> {
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
    const cpuBefore = postgresCpuSeconds(postmaster);
    const started = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(`COPY events (${COLUMNS}) FROM STDIN (FORMAT csv)`)));
    return { ms: performance.now() - started, postgresCpuSeconds: postgresCpuSeconds(postmaster) - cpuBefore };
  } finally {
    client.release();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** CPU each PostgreSQL process spent since the tally began, summed by role (processes that exited count to their last sample). */
class ProcessCpuTally {
  private readonly last = new Map<number, { role: string; cpu: number; from: number }>();
  constructor(before: Map<number, { role: string; cpu: number }>) {
    for (const [pid, p] of before) this.last.set(pid, { ...p, from: p.cpu });
  }
  sample(now: Map<number, { role: string; cpu: number }>) {
    for (const [pid, p] of now) this.last.set(pid, { ...p, from: this.last.get(pid)?.from ?? 0 });
  }
  byRole(): Record<string, number> {
    const sums: Record<string, number> = {};
    for (const p of this.last.values()) sums[p.role] = (sums[p.role] ?? 0) + p.cpu - p.from;
    return Object.fromEntries(Object.entries(sums).map(([role, s]) => [role, +s.toFixed(1)]));
  }
}
