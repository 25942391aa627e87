import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { db, pool } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { freePort } from "../tests/helpers/free-port";
import { launcherEnv, signInOverHttp, startLauncher, waitForHealthy } from "../tests/helpers/launcher";
import { DEMO_US3_ADMIN_KEY } from "@/simulator/rapid7";
import { createDemoSource } from "./support/demo-source";
import { startBenchEnvironment } from "./support/environment";
import { seedCoverageWeek } from "./support/coverage-week";
import { seedPausedFleet } from "./support/fleet";
import { seedManyEvents } from "./support/many-events";

type Options = { clients: number; seconds: number; events: number; fleet: number; webProcesses: number[] };
type Sample = { page: string; ms: number; ok: boolean };

const PASSWORD = "console-load-bench-password";

/**
 * The console under load: `events` stored events (generated in PostgreSQL like the
 * search benchmark's), a live source ingesting meanwhile (the simulator's live feed,
 * pulled by the launcher's worker), `fleet` more sources (paused, so the list, its health
 * and the source filters carry a large team's fleet), and `clients` people signed in with their own
 * sessions, each loading Log Sources, two source pages (the live one, and one with a week
 * of coverage windows, as an established source has), Alerts and Search one after
 * another for `seconds` twice: as fast as answers come (the server's capacity), then
 * with a 1–5 s pause on each page, as people read a console. That is done for each
 * number of web processes in `webProcesses` (INTAKE_WEB_PROCESSES) on the same data.
 * Reports p50/p95/p99 and errors per page (target: p95 under 300 ms, no errors).
 * Baseline, same run: /api/health, the cheapest request the same server answers.
 */
export async function consoleLoadBenchmark(options: Options) {
  const bench = await startBenchEnvironment();
  const build = spawnSync(process.execPath, ["bin/prepare.mjs", "--build", "--worker"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("Building the console failed.");
  const client = await pool().connect();
  const seedStarted = performance.now();
  const { sources } = await seedManyEvents(client, options.events);
  const established = sources[0]!;
  await seedCoverageWeek(client, established);
  await seedPausedFleet(client, options.fleet);
  client.release();
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const live = await createDemoSource("Live under load", 1);
  await bench.simulator.control("POST", "/live", { eventsPerMinute: 600 });
  const passwordHash = await hashPassword(PASSWORD);
  await db.user.createMany({
    data: Array.from({ length: options.clients }, (_, i) => ({
      email: `load-${i}@example.com`,
      name: `Load ${i}`,
      role: "ANALYST" as const,
      passwordHash,
    })),
  });

  const launcherSettings = {
    DATABASE_URL: bench.databaseUrl,
    // Every line the console and worker write is searched for secrets afterwards.
    INTAKE_LOG_LEVEL: "info",
    INTAKE_WORKERS: "1",
    // One data directory for every configuration: the same generated secrets, so sessions carry over.
    INTAKE_DATA_DIR: mkdtempSync(path.join(tmpdir(), "intake-load-")),
  };
  const pages: [string, string][] = [
    ["log-sources", "/log-sources"],
    ["source", `/log-sources/${live.id}`],
    ["source, a week of coverage", `/log-sources/${established}`],
    ["alerts", "/alerts"],
    ["search", "/search"],
    ["search, one source, 7 d", `/search?source=${sources[1]}&range=7d`],
    ["baseline: /api/health", "/api/health"],
  ];
  const cookies: string[] = [];
  const runs: ConfigurationFigures[] = [];
  let log = "";
  try {
    for (const webProcesses of options.webProcesses) {
      const port = await freePort();
      const launcher = startLauncher(
        launcherEnv({
          ...launcherSettings,
          PORT: String(port),
          NEXTAUTH_URL: `http://127.0.0.1:${port}`,
          INTAKE_WEB_PROCESSES: String(webProcesses),
        }),
      );
      try {
        await waitForHealthy(launcher, 180_000);
        for (let i = cookies.length; i < options.clients; i += 1) {
          const session = await signInOverHttp(launcher.baseUrl, `load-${i}@example.com`, PASSWORD);
          if (!session.ok) throw new Error(`Signing in load-${i} failed: ${session.error}`);
          cookies.push(session.cookie);
        }
        // Full speed first (the server's capacity), then as people use a console: a pause to read each page.
        const backToBack = await drive(launcher.baseUrl, cookies, pages, options.seconds, NO_PAUSE);
        const withPauses = await drive(launcher.baseUrl, cookies, pages, options.seconds, READING_PAUSE_MS);
        runs.push({
          webProcesses,
          backToBack: perPageFigures(pages, backToBack),
          withPauses: perPageFigures(pages, withPauses),
        });
      } finally {
        launcher.interruptGroup();
        await Promise.race([launcher.exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
        launcher.kill();
        log += launcher.output();
      }
    }
    const storedMeanwhile = await db.event.count({ where: { sourceId: live.id } });
    const secrets = [DEMO_US3_ADMIN_KEY, PASSWORD, ...cookies.map(sessionTokenOf)];
    const secretMatchesInLogs = secrets.filter((secret) => secret.length > 0 && log.includes(secret)).length;
    return {
      name: "console-load",
      clients: options.clients,
      seconds: options.seconds,
      storedEvents: options.events,
      sources: options.fleet + sources.length + 1,
      seedSeconds: Math.round(seedSeconds),
      liveEventsStoredDuringRun: storedMeanwhile,
      logBytesSearched: log.length,
      secretMatchesInLogs,
      runs,
      readingPauseMs: READING_PAUSE_MS,
      target: { p95UnderMs: 300, errors: 0 },
      summary: [
        `${options.clients} signed-in clients for ${options.seconds} s each way over ${options.events.toLocaleString("en-US")} events ` +
          `and ${(options.fleet + sources.length + 1).toLocaleString("en-US")} sources, ` +
          `while a live source stored ${storedMeanwhile} events:`,
        ...runs.flatMap((run) => [
          `  ${run.webProcesses} web process${run.webProcesses === 1 ? "" : "es"}, back to back (each client asks for its next page as soon as one answers):`,
          ...summaryLines(run.backToBack),
          `  ${run.webProcesses} web process${run.webProcesses === 1 ? "" : "es"}, with a pause of ${READING_PAUSE_MS[0] / 1000}–${READING_PAUSE_MS[1] / 1000} s to read each page, as people work:`,
          ...summaryLines(run.withPauses),
        ]),
        `  secrets (API key, password, ${cookies.length} session tokens) found in ${secretMatchesInLogs} places ` +
          `of the ${log.length.toLocaleString("en-US")} bytes the console and worker logged`,
      ].join("\n"),
    };
  } finally {
    await bench.close();
  }
}

type ConfigurationFigures = { webProcesses: number; backToBack: PageFigures[]; withPauses: PageFigures[] };

const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());

/** No pause between pages: the server's capacity. */
const NO_PAUSE: [number, number] = [0, 0];
/** A person's pause on a page before the next click: uniform in this range, in ms. */
const READING_PAUSE_MS: [number, number] = [1_000, 5_000];

/** Every client loads the pages in turn for `seconds`, pausing a random time in `pauseMs` between them. */
async function drive(
  baseUrl: string,
  cookies: string[],
  pages: [string, string][],
  seconds: number,
  pauseMs: [number, number],
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie, clientIndex) => {
      // People arrive over the first pause rather than all in the same instant.
      await sleep(pauseMs[0] + Math.random() * (pauseMs[1] - pauseMs[0]));
      for (let turn = clientIndex; Date.now() < until; turn += 1) {
        const [page, path] = pages[turn % pages.length]!;
        const started = performance.now();
        const ok = await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie }, redirect: "manual" })
          .then(async (response) => {
            await response.arrayBuffer();
            return response.status === 200;
          })
          .catch(() => false);
        samples.push({ page, ms: performance.now() - started, ok });
        await sleep(pauseMs[0] + Math.random() * (pauseMs[1] - pauseMs[0]));
      }
    }),
  );
  return samples;
}

type PageFigures = {
  page: string;
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  p95RatioToBaseline: number;
};

/** Per page: requests, errors and percentiles; the last page is the baseline the ratios are against. */
function perPageFigures(pages: [string, string][], samples: Sample[]): PageFigures[] {
  const figures = pages.map(([page]) => {
    const times = samples.filter((s) => s.page === page).map((s) => s.ms);
    return {
      page,
      requests: times.length,
      errors: samples.filter((s) => s.page === page && !s.ok).length,
      p50Ms: percentile(times, 0.5),
      p95Ms: percentile(times, 0.95),
      p99Ms: percentile(times, 0.99),
    };
  });
  const baseline = figures.at(-1)!;
  return figures.map((p) => ({ ...p, p95RatioToBaseline: +(p.p95Ms / Math.max(baseline.p95Ms, 0.1)).toFixed(1) }));
}

function summaryLines(figures: PageFigures[]): string[] {
  return figures.map(
    (p) =>
      `    ${p.page.padEnd(26)} ${String(p.requests).padStart(6)} requests, ${p.errors} errors; ` +
      `p50 ${p.p50Ms.toFixed(0)} ms, p95 ${p.p95Ms.toFixed(0)} ms, p99 ${p.p99Ms.toFixed(0)} ms ` +
      `(p95 ${p.p95RatioToBaseline.toFixed(1)}× the baseline's)`,
  );
}

/** The session token in a Cookie header: the secret part a log must never hold. */
function sessionTokenOf(cookie: string): string {
  const pair = cookie.split("; ").find((part) => part.split("=")[0]!.endsWith("session-token"));
  if (!pair) throw new Error("A signed-in client has no session token.");
  return pair.slice(pair.indexOf("=") + 1);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
