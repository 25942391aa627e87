import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { MAX_QUICK_CRASHES } from "@/bin/launcher/children";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { freePort } from "../helpers/free-port";
import {
  buildOnce,
  callServerAction,
  type Launcher,
  launcherEnv,
  sessionUser,
  signInOverHttp,
  startLauncher,
  stopLeftoverPostgres,
  waitForExit,
  waitForHealthy,
} from "../helpers/launcher";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The real `npm start` launcher (web server + a worker), stopped the way people stop
 * it: Ctrl-C in the terminal, which sends SIGINT to every process of the foreground
 * process group at once.
 */
const launchers: Launcher[] = [];
const dataDirs: string[] = [];
let url: string;
let simulator: Rapid7Simulator;

beforeAll(async () => {
  await buildOnce();
  url = await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
}, 900_000);

afterAll(async () => {
  for (const launcher of launchers) launcher.kill();
  for (const dir of dataDirs) {
    stopLeftoverPostgres(path.join(dir, "postgres"));
    rmSync(dir, { recursive: true, force: true });
  }
  await stopQueueSender();
  await simulator?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe("Ctrl-C on `npm start`", () => {
  it(
    "stops each worker once and gracefully: the pull in hand is finished or handed back, and everything exits cleanly",
    { timeout: 240_000 },
    async () => {
      const admin = await createActor("ADMIN");
      const source = await createTestSource(admin, { initialLookbackHours: 3, auditLogIds: [] });
      const logId = parseStoredAuditLogs(source.auditLogs).find((log) => log.name === "InsightIDR Audit")!.id;
      simulator.control.seedBulk({
        region: "us3",
        logId,
        count: 5_000,
        fromMs: Date.now() - 2 * 3_600_000,
        toMs: Date.now() - 60_000,
      });
      // Every Rapid7 answer now takes seconds, so the worker is mid-request when Ctrl-C comes.
      simulator.control.setKnobs({ latencyMs: 4_000 });

      const launcher = startLauncher(
        launcherEnv({
          DATABASE_URL: url,
          PORT: String(await freePort()),
          RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate,
          INTAKE_WORKERS: "1",
          INTAKE_HEARTBEAT_SECONDS: "1",
        }),
      );
      launchers.push(launcher);
      await waitForHealthy(launcher);

      // createSource queued the first pull; wait until the worker has it in hand.
      await until(
        async () => (await db.pullRun.count({ where: { sourceId: source.id, status: "running" } })) === 1,
        "the pull to start",
      );
      await sleep(500);
      const pullJobs = () =>
        db.$queryRaw<
          { state: string }[]
        >`SELECT state::text FROM pgboss.job WHERE name = 'pull.source' AND data->>'sourceId' = ${source.id}`;
      expect((await pullJobs()).map((job) => job.state)).toEqual(["active"]);

      launcher.interruptGroup();
      expect(await waitForExit(launcher)).toBe(0);

      // The job in hand reached a safe point and was completed; its run is recorded as ended, not left "running".
      expect((await pullJobs()).map((job) => job.state)).toEqual(["completed"]);
      const runs = await db.pullRun.findMany({ where: { sourceId: source.id }, select: { status: true } });
      expect(runs).toHaveLength(1);
      expect(runs[0]!.status).not.toBe("running");
      // The worker removed its heartbeat on its way out: it did not just vanish.
      expect(await db.workerHeartbeat.count()).toBe(0);

      const output = launcher.output();
      // One graceful stop, not a graceful stop cut short by a second signal.
      expect(output).not.toContain("second stop signal");
      expect(occurrences(output, '"msg":"stop requested"')).toBe(1);
      expect(occurrences(output, '"msg":"worker stopped"')).toBe(1);
      expect(output).toContain('"msg":"stopped"');
      simulator.control.setKnobs({ latencyMs: 0 });
    },
  );
});

describe("a launcher that dies", () => {
  it(
    "takes its web server and workers with it: the worker still stops gracefully, nothing is orphaned",
    { timeout: 180_000 },
    async () => {
      const port = await freePort();
      const launcher = startLauncher(
        launcherEnv({
          DATABASE_URL: url,
          PORT: String(port),
          RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate,
          INTAKE_WORKERS: "1",
          INTAKE_HEARTBEAT_SECONDS: "1",
        }),
      );
      launchers.push(launcher);
      await waitForHealthy(launcher);
      const [worker] = await db.workerHeartbeat.findMany({ select: { pid: true } });
      expect(worker).toBeDefined();

      // Only the launcher is killed, with no chance to stop anything.
      process.kill(launcher.child.pid!, "SIGKILL");

      // The worker notices, stops gracefully (it removes its heartbeat) and exits.
      await until(async () => (await db.workerHeartbeat.count()) === 0, "the worker to stop", 60_000);
      await until(async () => !isAlive(worker!.pid), "the worker process to exit", 30_000);
      // The web server stops listening.
      await until(
        async () =>
          fetch(`http://127.0.0.1:${port}/api/health`).then(
            () => false,
            () => true,
          ),
        "the web server to stop",
        60_000,
      );
      expect(launcher.output()).toContain("the launcher went away: stopping");
    },
  );
});

describe("a web server that dies", () => {
  it("is started again by the launcher, with the worker left running", { timeout: 180_000 }, async () => {
    const launcher = startLauncher(
      launcherEnv({
        DATABASE_URL: url,
        PORT: String(await freePort()),
        RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate,
        INTAKE_WORKERS: "1",
        INTAKE_HEARTBEAT_SECONDS: "1",
      }),
    );
    launchers.push(launcher);
    await waitForHealthy(launcher);
    const [worker] = await db.workerHeartbeat.findMany({ select: { pid: true } });
    const web = webServerPid(launcher);
    expect(web).toBeDefined();

    // Killed outright, as the kernel's out-of-memory killer would.
    process.kill(web!, "SIGKILL");
    await until(async () => !isAlive(web!), "the web server to die", 30_000);
    await waitForHealthy(launcher);

    const output = launcher.output();
    expect(output).toMatch(/"msg":"web exited unexpectedly".*"signal":"SIGKILL"/);
    expect(output).toContain('"msg":"restarting web"');
    const restarted = webServerPid(launcher);
    expect(restarted).toBeDefined();
    expect(restarted).not.toBe(web);
    // The worker was not touched.
    expect(await db.workerHeartbeat.findMany({ select: { pid: true } })).toEqual([worker]);

    launcher.interruptGroup();
    expect(await waitForExit(launcher)).toBe(0);
  });

  it(
    "that keeps crashing as it starts is restarted with backoff, then given up on loudly, and the launcher stops",
    { timeout: 240_000 },
    async () => {
      // The web server's port is taken, so every start fails at once.
      const taken = net.createServer();
      const port = await freePort();
      await new Promise<void>((resolve) => taken.listen(port, "127.0.0.1", resolve));
      try {
        const launcher = startLauncher(
          launcherEnv({
            DATABASE_URL: url,
            PORT: String(port),
            RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate,
            INTAKE_WORKERS: "1",
            INTAKE_HEARTBEAT_SECONDS: "1",
          }),
        );
        launchers.push(launcher);
        expect(await waitForExit(launcher, 180_000)).toBe(1);
        const output = launcher.output();
        expect(childPids(output, "web")).toHaveLength(MAX_QUICK_CRASHES);
        expect(occurrences(output, '"msg":"restarting web"')).toBe(MAX_QUICK_CRASHES - 1);
        expect(output).toMatch(
          new RegExp(
            `"level":"error","msg":"web crashed ${MAX_QUICK_CRASHES} times in a row, each soon after starting: not restarting it again`,
          ),
        );
        // The rest of the console was stopped in order: the worker stopped gracefully.
        expect(output).toContain('"msg":"worker stopped"');
        expect(output).toContain('"msg":"stopped"');
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    },
  );
});

describe("several web processes (INTAKE_WEB_PROCESSES)", () => {
  it(
    "share the port, stand in for one that dies while it is replaced, and all stop on Ctrl-C",
    { timeout: 180_000 },
    async () => {
      const launcher = startLauncher(
        launcherEnv({
          DATABASE_URL: url,
          PORT: String(await freePort()),
          RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate,
          INTAKE_WORKERS: "1",
          INTAKE_WEB_PROCESSES: "2",
        }),
      );
      launchers.push(launcher);
      await waitForHealthy(launcher);
      const primary = childPids(launcher.output(), "web")[0]!;
      await until(async () => nextServersUnder(primary).length === 2, "two web processes");
      const [first, second] = nextServersUnder(primary);

      // One dies outright; the other answers meanwhile, and a replacement joins it.
      process.kill(first!, "SIGKILL");
      await until(async () => !isAlive(first!), "the web process to die", 30_000);
      for (let i = 0; i < 10; i += 1) expect((await fetch(`${launcher.baseUrl}/api/health`)).status).toBe(200);
      await until(
        async () => nextServersUnder(primary).length === 2 && !nextServersUnder(primary).includes(first!),
        "a replacement web process",
      );
      expect(nextServersUnder(primary)).toContain(second);
      expect(launcher.output()).not.toContain('"msg":"restarting web"');

      const all = [primary, ...nextServersUnder(primary)];
      launcher.interruptGroup();
      expect(await waitForExit(launcher)).toBe(0);
      expect(all.filter(isAlive)).toEqual([]);
    },
  );
});

describe("stopping and starting again on the embedded PostgreSQL", () => {
  it("keeps users, data and the generated secrets", { timeout: 300_000 }, async () => {
    // A fresh install: no DATABASE_URL and no secrets in the environment, an empty data directory.
    const dataDir = mkdtempSync(path.join(tmpdir(), "intake-restart-"));
    dataDirs.push(dataDir);
    chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach it
    const admin = { email: "restart-admin@example.com", password: "restart admin password", name: "Rita Restart" };
    const settings = {
      DATABASE_URL: undefined,
      NEXTAUTH_SECRET: undefined,
      INTAKE_ENCRYPTION_KEY: undefined,
      INTAKE_PREVIOUS_ENCRYPTION_KEY: undefined,
      NEXTAUTH_URL: undefined,
      INTAKE_DATA_DIR: dataDir,
      INTAKE_EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      INTAKE_WORKERS: "1",
      INTAKE_HEARTBEAT_SECONDS: "1",
    };

    const first = startLauncher(
      launcherEnv({
        ...settings,
        INTAKE_ADMIN_EMAIL: admin.email,
        INTAKE_ADMIN_PASSWORD: admin.password,
        INTAKE_ADMIN_NAME: admin.name,
      }),
    );
    launchers.push(first);
    await waitForHealthy(first, 180_000);
    expect(first.output()).toContain("using the embedded PostgreSQL");
    expect(first.output()).toContain("created the first admin from INTAKE_ADMIN_EMAIL");
    const secretsFile = path.join(dataDir, "secrets.json");
    const secretsBefore = readFileSync(secretsFile, "utf8");

    const signedIn = await signInOverHttp(first.baseUrl, admin.email, admin.password);
    if (!signedIn.ok) throw new Error(`sign-in failed: ${signedIn.error}`);
    expect(await sessionUser(first.baseUrl, signedIn.cookie)).toMatchObject({ email: admin.email, name: admin.name });
    // Data made through the console: an API token, created by its server action over HTTP.
    const created = await callServerAction(
      first.baseUrl,
      "createApiTokenAction",
      [{ name: "kept across restarts", expiresIn: "30" }],
      signedIn.cookie,
    );
    expect(created).toContain('"ok":true');
    const token = /itk_[A-Za-z0-9_-]{43}/.exec(created)?.[0];
    expect(token).toBeDefined();
    const listSources = (baseUrl: string) =>
      fetch(`${baseUrl}/api/v1/sources`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await listSources(first.baseUrl)).status).toBe(200);

    first.interruptGroup();
    expect(await waitForExit(first)).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${first.baseUrl}/api/health`)).rejects.toThrow();

    // Started again on the same data directory, without the admin settings: a database
    // that had lost its users would have none now.
    const second = startLauncher(launcherEnv(settings));
    launchers.push(second);
    await waitForHealthy(second, 180_000);
    expect(second.output()).not.toContain("created the first admin");
    expect(readFileSync(secretsFile, "utf8")).toBe(secretsBefore);
    // The session from before the restart is still valid: the session secret was reused.
    expect(await sessionUser(second.baseUrl, signedIn.cookie)).toMatchObject({ email: admin.email });
    const again = await signInOverHttp(second.baseUrl, admin.email, admin.password);
    expect(again.ok).toBe(true);
    expect(await signInOverHttp(second.baseUrl, admin.email, "not the password at all")).toEqual({
      ok: false,
      error: "Incorrect email or password.",
    });
    // The token made before the restart still works.
    const sources = await listSources(second.baseUrl);
    expect(sources.status).toBe(200);
    expect(await sources.json()).toEqual({ data: { sources: [], nextCursor: null } });

    second.interruptGroup();
    expect(await waitForExit(second)).toBe(0);
  });
});

/** The launcher's running `next start` child, found the way an operator would: in ps, as Next.js names it. */
function webServerPid(launcher: Launcher): number | undefined {
  const children = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(launcher.child.pid)], {
    encoding: "utf8",
  }).stdout;
  const line = children.split("\n").find((entry) => /^\s*\d+ next-server\b/.test(entry));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

/** The `next start` processes a web-cluster process runs. */
function nextServersUnder(primary: number): number[] {
  const children = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(primary)], { encoding: "utf8" }).stdout;
  return children
    .split("\n")
    .filter((entry) => /^\s*\d+ next-server\b/.test(entry))
    .map((entry) => Number(entry.trim().split(/\s+/)[0]));
}

/** The process ids the launcher logged for each start of the named child, in order. */
function childPids(output: string, name: string): number[] {
  const started = new RegExp(`"msg":"${name} started".*?"childPid":(\\d+)`, "g");
  return [...output.matchAll(started)].map((match) => Number(match[1]));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
