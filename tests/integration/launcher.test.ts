import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Rapid7Simulator } from "@/lib/integrations/rapid7/simulator";
import { stopQueueSender } from "@/lib/jobs/queue";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { freePort } from "../helpers/free-port";
import { buildOnce, type Launcher, launcherEnv, startLauncher, waitForExit, waitForHealthy } from "../helpers/launcher";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The real `npm start` launcher (web server + a worker), stopped the way people stop
 * it: Ctrl-C in the terminal, which sends SIGINT to every process of the foreground
 * process group at once.
 */
const launchers: Launcher[] = [];
let url: string;
let simulator: Rapid7Simulator;

beforeAll(async () => {
  buildOnce();
  url = await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
}, 900_000);

afterAll(async () => {
  for (const launcher of launchers) launcher.kill();
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
  it("stops each worker once and gracefully: the pull in hand is finished or handed back, and everything exits cleanly", { timeout: 240_000 }, async () => {
    const admin = await createActor("ADMIN");
    const source = await createTestSource(admin, { initialLookbackHours: 3, auditLogIds: [] });
    const logId = parseStoredAuditLogs(source.auditLogs).find((log) => log.name === "InsightIDR Audit")!.id;
    simulator.control.seedBulk({ region: "us3", logId, count: 5_000, fromMs: Date.now() - 2 * 3_600_000, toMs: Date.now() - 60_000 });
    // Every Rapid7 answer now takes seconds, so the worker is mid-request when Ctrl-C comes.
    simulator.control.setKnobs({ latencyMs: 4_000 });

    const launcher = startLauncher(
      launcherEnv({ DATABASE_URL: url, PORT: String(await freePort()), RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate, INTAKE_WORKERS: "1", INTAKE_HEARTBEAT_SECONDS: "1" }),
    );
    launchers.push(launcher);
    await waitForHealthy(launcher);

    // createSource queued the first pull; wait until the worker has it in hand.
    await until(async () => (await db.pullRun.count({ where: { sourceId: source.id, status: "running" } })) === 1, "the pull to start");
    await sleep(500);
    const pullJobs = () =>
      db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE name = 'pull.source' AND data->>'sourceId' = ${source.id}`;
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
  });
});

describe("a launcher that dies", () => {
  it("takes its web server and workers with it: the worker still stops gracefully, nothing is orphaned", { timeout: 180_000 }, async () => {
    const port = await freePort();
    const launcher = startLauncher(launcherEnv({ DATABASE_URL: url, PORT: String(port), RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate, INTAKE_WORKERS: "1", INTAKE_HEARTBEAT_SECONDS: "1" }));
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
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
