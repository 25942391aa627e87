import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSourceSchema } from "@/lib/sources/schemas";
import { createSource } from "@/lib/sources/service";
import { db, pool } from "@/lib/db";
import { freePort } from "../tests/helpers/free-port";
import { peakRssMb, startBenchEnvironment } from "./support/environment";

type Options = { sources: number; minutes: number; workers: number; concurrency: number; killOneWorker: boolean };
type Appended = { auditId: string; appendedAt: number; late: boolean };
type Entry = { audit_id: string | null };

const CLOCK_TICKS_PER_SECOND = 100;
const TICK_MS = 2_000;

/**
 * Scale-out: `sources` Rapid7 organizations (each its own key and audit log) in the
 * simulator, one Intake source each, pulled every minute by `workers` worker processes
 * (and the console, when it is built) on one durable PostgreSQL, while audit events are
 * appended live to a random tenth of the logs every two seconds, one in ten of them late
 * (received two minutes before it became searchable). Afterwards every appended event is
 * looked up: missing and duplicated against the simulator's truth, and lag from append
 * to stored. With `killOneWorker`, one worker is SIGKILLed halfway; the takeover time is
 * how long its sources waited for another worker's successful pull.
 */
export async function scaleOutBenchmark(options: Options) {
  const bench = await startBenchEnvironment();
  const logDir = mkdtempSync(path.join(tmpdir(), "intake-scale-"));
  const processes: { name: string; child: ChildProcess; log: string }[] = [];
  try {
    const keys = await createTenants(bench, options.sources);
    // Every source is due every minute, the product's default and the busiest setting.
    await db.logSource.updateMany({ data: { pullIntervalMinutes: 1 } });

    const env = {
      ...bench.env,
      DATABASE_URL: bench.databaseUrl,
      INTAKE_LOG_LEVEL: "info",
      INTAKE_HEARTBEAT_SECONDS: "5",
      INTAKE_WORKER_CONCURRENCY: String(options.concurrency),
    };
    const start = (name: string, args: string[], extra: Record<string, string> = {}) => {
      const log = path.join(logDir, `${name}.log`);
      const fd = openSync(log, "w");
      const child = spawn(process.execPath, args, { env: { ...env, ...extra }, stdio: ["ignore", fd, fd] });
      closeSync(fd);
      processes.push({ name, child, log });
      return child;
    };
    const workers = Array.from({ length: options.workers }, (_, i) =>
      start(`worker-${i + 1}`, ["--max-old-space-size=256", "--enable-source-maps", ".worker-build/worker.mjs"]),
    );
    const consoleBuilt = existsSync(".next/BUILD_ID");
    if (consoleBuilt) {
      const port = String(await freePort());
      start("console", ["--import", "tsx", "bin/web.ts"], {
        PORT: port,
        HOST: "127.0.0.1",
        NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      });
    }

    const statsBefore = await bench.simulator.control<RequestStats>("GET", "/stats");
    const liveStarted = Date.now();
    const liveMs = options.minutes * 60_000;
    const appended: Appended[] = [];
    let killed: { at: number; pid: number; cpuSeconds: number; peakRssMb: number } | null = null;
    while (Date.now() - liveStarted < liveMs) {
      const tickStarted = Date.now();
      appended.push(...(await appendLive(bench, options.sources)));
      if (options.killOneWorker && !killed && Date.now() - liveStarted >= liveMs / 2) {
        const victim = workers[0]!;
        killed = {
          at: Date.now(),
          pid: victim.pid!,
          cpuSeconds: cpuSeconds(victim.pid!),
          peakRssMb: peakRssMb(victim.pid!),
        };
        victim.kill("SIGKILL");
      }
      await sleep(Math.max(0, TICK_MS - (Date.now() - tickStarted)));
    }
    const statsAfter = await bench.simulator.control<RequestStats>("GET", "/stats");
    const liveHours = (Date.now() - liveStarted) / 3_600_000;

    const stored = await waitForStored(appended, 4 * 60_000);
    // A worker that stopped by itself makes the run measure fewer workers than it says.
    workers.forEach((worker, i) => {
      if (worker.exitCode === null && worker.signalCode === null) return;
      if (killed && worker.pid === killed.pid) return;
      const lines = readFileSync(path.join(logDir, `worker-${i + 1}.log`), "utf8")
        .trim()
        .split("\n");
      throw new Error(`worker-${i + 1} exited by itself (${worker.exitCode ?? worker.signalCode}): ${lines.at(-1)}`);
    });
    const perWorker = workers.map((worker, i) =>
      killed && worker.pid === killed.pid
        ? { worker: `worker-${i + 1}`, killed: true, cpuSeconds: killed.cpuSeconds, peakRssMb: killed.peakRssMb }
        : {
            worker: `worker-${i + 1}`,
            killed: false,
            cpuSeconds: cpuSeconds(worker.pid!),
            peakRssMb: peakRssMb(worker.pid!),
          },
    );
    const takeover = killed ? await takeoverTimes(killed) : null;

    for (const { child } of processes) child.kill("SIGTERM");
    await Promise.all(processes.map(({ child }) => exited(child, 30_000)));
    const leaks = secretsInLogs(
      processes.map(({ log }) => log),
      keys,
    );

    const lags = appended.flatMap((event) => {
      const at = stored.firstStoredAt.get(event.auditId);
      return at === undefined ? [] : [at - event.appendedAt];
    });
    const missing = appended.filter((event) => !stored.firstStoredAt.has(event.auditId)).length;
    const storedCount = appended.length - missing;
    const result = {
      name: options.killOneWorker ? "scale-out-takeover" : "scale-out",
      sources: options.sources,
      workers: options.workers,
      concurrencyPerWorker: options.concurrency,
      consoleRunning: consoleBuilt,
      liveMinutes: options.minutes,
      eventsAppended: appended.length,
      lateEvents: appended.filter((event) => event.late).length,
      eventsStoredPerSecond: storedCount / ((stored.lastStoredAt - liveStarted) / 1000),
      lagP50Ms: percentile(lags, 0.5),
      lagP95Ms: percentile(lags, 0.95),
      rapid7RequestsPerSourcePerHour:
        (statsAfter.totalRequests - statsBefore.totalRequests) / options.sources / liveHours,
      // The same by API family and answer ("query 200", "management 200", "query 429", ...).
      rapid7RequestsPerSourcePerHourByKind: requestsByKind(statsBefore, statsAfter, options.sources * liveHours),
      missing,
      duplicated: stored.duplicated,
      perWorker,
      takeover,
      secretMatchesInLogs: leaks,
    };
    return { ...result, summary: summarize(result) };
  } finally {
    for (const { child } of processes) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await bench.close();
  }
}

/** One organization per source in the simulator, each with its own admin key, and the Intake sources on them. */
async function createTenants(bench: Awaited<ReturnType<typeof startBenchEnvironment>>, count: number) {
  const admin = await db.user.create({
    data: { email: "scale@example.com", name: "Scale", role: "ADMIN", passwordHash: "x" },
  });
  const actor = { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" as const };
  const keys: string[] = [];
  const indexes = Array.from({ length: count }, (_, i) => i);
  // Two at a time: each creation asks the simulator to verify the key, as onboarding does, and
  // writes the audit chain, which takes one creation at a time anyway.
  for (let offset = 0; offset < count; offset += 2) {
    await Promise.all(
      indexes.slice(offset, offset + 2).map(async (i) => {
        const key = `scale-key-${i}-${crypto.randomUUID()}`;
        keys.push(key);
        await bench.simulator.control("POST", "/orgs", {
          name: `Scale org ${i}`,
          id: `scale-org-${i}`,
          region: "us3",
          logs: [{ name: "Audit Log", logsetName: "Audit Logs", id: `scale-log-${i}`, audit: true }],
          keys: [{ key, admin: true }],
        });
        await createSource(
          actor,
          createSourceSchema.parse({ name: `Scale source ${i}`, region: "us3", apiKey: key, initialLookbackHours: 1 }),
        );
      }),
    );
  }
  return keys;
}

/**
 * A tenth of the logs get one to three new events; one append in ten is late. Ten
 * control requests at a time: a hundred at once reset the simulator's connections.
 */
async function appendLive(bench: Awaited<ReturnType<typeof startBenchEnvironment>>, sources: number) {
  const picked = Array.from({ length: Math.max(1, Math.round(sources / 10)) }, () =>
    Math.floor(Math.random() * sources),
  );
  const appended: Appended[] = [];
  for (let offset = 0; offset < picked.length; offset += 10) {
    const batches = await Promise.all(
      picked.slice(offset, offset + 10).map(async (i) => {
        const late = Math.random() < 0.1;
        const count = 1 + Math.floor(Math.random() * 3);
        const { entries } = await bench.simulator.control<{ entries: Entry[] }>(
          "POST",
          late ? "/events/late" : "/events/append",
          late ? { logId: `scale-log-${i}`, count, envelopeAgoMs: 120_000 } : { logId: `scale-log-${i}`, count },
        );
        const appendedAt = Date.now();
        return entries.flatMap((entry) => (entry.audit_id ? [{ auditId: entry.audit_id, appendedAt, late }] : []));
      }),
    );
    appended.push(...batches.flat());
  }
  return appended;
}

/** Waits until every appended event is stored (or the limit passes), then reads when each was. */
async function waitForStored(appended: Appended[], limitMs: number) {
  const ids = appended.map((event) => event.auditId);
  const deadline = Date.now() + limitMs;
  for (;;) {
    const { rows } = await pool().query<{ stored: string }>(
      "SELECT count(DISTINCT audit_id)::text AS stored FROM events WHERE audit_id = ANY($1)",
      [ids],
    );
    if (Number(rows[0]!.stored) >= ids.length || Date.now() > deadline) break;
    await sleep(2_000);
  }
  const { rows } = await pool().query<{ audit_id: string; copies: string; first: Date; last: Date }>(
    `SELECT audit_id, count(*)::text AS copies, min(stored_at) AS first, max(stored_at) AS last
       FROM events WHERE audit_id = ANY($1) GROUP BY audit_id`,
    [ids],
  );
  return {
    firstStoredAt: new Map(rows.map((row) => [row.audit_id, row.first.getTime()])),
    lastStoredAt: Math.max(...rows.map((row) => row.last.getTime())),
    duplicated: rows.reduce((sum, row) => sum + Number(row.copies) - 1, 0),
  };
}

/**
 * For each source the killed worker pulled in the minute before it died: how long
 * after the kill another worker's pull of it succeeded.
 */
async function takeoverTimes(killed: { at: number; pid: number }) {
  const { rows } = await pool().query<{ waited_ms: string | null }>(
    `WITH victims AS (
       SELECT DISTINCT source_id FROM pull_runs
        WHERE worker_id LIKE '%:' || $2 || ':%' AND started_at > $1::timestamptz - interval '1 minute'
     )
     SELECT (SELECT extract(epoch FROM min(r.finished_at) - $1::timestamptz) * 1000
               FROM pull_runs r
              WHERE r.source_id = v.source_id AND r.status = 'succeeded' AND r.started_at > $1::timestamptz
                AND r.worker_id NOT LIKE '%:' || $2 || ':%')::text AS waited_ms
       FROM victims v`,
    [new Date(killed.at), String(killed.pid)],
  );
  const waits = rows.map((row) => (row.waited_ms === null ? Number.POSITIVE_INFINITY : Number(row.waited_ms)));
  return {
    sourcesTakenOver: waits.filter(Number.isFinite).length,
    sourcesNeverTakenOver: waits.filter((wait) => !Number.isFinite(wait)).length,
    p50Ms: percentile(waits, 0.5),
    maxMs: waits.length ? Math.max(...waits) : null,
    pullIntervalMs: 60_000,
  };
}

/** CPU time (user + system) a live process has used, in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Lines of the processes' logs that contain any API key used in the run. */
function secretsInLogs(logs: string[], keys: string[]): number {
  let matches = 0;
  for (const log of logs) {
    const text = readFileSync(log, "utf8");
    for (const key of keys) if (text.includes(key)) matches += 1;
  }
  return matches;
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function exited(child: ChildProcess, limitMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([new Promise((resolve) => child.once("exit", resolve)), sleep(limitMs)]);
}

function summarize(result: {
  sources: number;
  workers: number;
  concurrencyPerWorker: number;
  consoleRunning: boolean;
  liveMinutes: number;
  eventsAppended: number;
  lateEvents: number;
  eventsStoredPerSecond: number;
  lagP50Ms: number | null;
  lagP95Ms: number | null;
  rapid7RequestsPerSourcePerHour: number;
  rapid7RequestsPerSourcePerHourByKind: Record<string, number>;
  missing: number;
  duplicated: number;
  perWorker: { worker: string; killed: boolean; cpuSeconds: number; peakRssMb: number }[];
  takeover: {
    sourcesTakenOver: number;
    sourcesNeverTakenOver: number;
    p50Ms: number | null;
    maxMs: number | null;
  } | null;
  secretMatchesInLogs: number;
}): string {
  const seconds = (ms: number | null) => (ms === null ? "n/a" : `${(ms / 1000).toFixed(1)} s`);
  return [
    `${result.sources} sources, ${result.workers} workers (${result.concurrencyPerWorker} pulls at a time each)${result.consoleRunning ? " and the console" : ""}, ${result.liveMinutes} min live:`,
    `  ${result.eventsAppended} events appended (${result.lateEvents} late); ${result.missing} missing, ${result.duplicated} duplicated`,
    `  stored ${result.eventsStoredPerSecond.toFixed(1)} events/s; lag p50 ${seconds(result.lagP50Ms)}, p95 ${seconds(result.lagP95Ms)}`,
    `  Rapid7 requests per source per hour: ${result.rapid7RequestsPerSourcePerHour.toFixed(1)} (${Object.entries(
      result.rapid7RequestsPerSourcePerHourByKind,
    )
      .map(([kind, n]) => `${kind}: ${n.toFixed(1)}`)
      .join(", ")})`,
    ...result.perWorker.map(
      (w) =>
        `  ${w.worker}${w.killed ? " (killed)" : ""}: ${w.cpuSeconds.toFixed(1)} s CPU, peak RSS ${w.peakRssMb.toFixed(0)} MB`,
    ),
    ...(result.takeover
      ? [
          `  takeover: ${result.takeover.sourcesTakenOver} sources, p50 ${seconds(result.takeover.p50Ms)}, max ${seconds(result.takeover.maxMs)}` +
            ` (pull interval 60 s); ${result.takeover.sourcesNeverTakenOver} never taken over`,
        ]
      : []),
    `  API keys found in ${result.secretMatchesInLogs} log matches (of every line the run's processes wrote)`,
  ].join("\n");
}

type RequestStats = { totalRequests: number; requests: { family: string; status: number; count: number }[] };

/** Requests between two simulator snapshots, per API family and status, divided by `per`. */
function requestsByKind(before: RequestStats, after: RequestStats, per: number): Record<string, number> {
  const sums = new Map<string, number>();
  const add = (stats: RequestStats, sign: number) => {
    for (const { family, status, count } of stats.requests) {
      const kind = `${family} ${status === 0 ? "reset" : status}`;
      sums.set(kind, (sums.get(kind) ?? 0) + sign * count);
    }
  };
  add(after, 1);
  add(before, -1);
  return Object.fromEntries([...sums].filter(([, n]) => n > 0).map(([kind, n]) => [kind, +(n / per).toFixed(1)]));
}
