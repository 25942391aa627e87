import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { closeAbandonedRuns } from "@/lib/worker/abandoned-runs";
import { pullSourceJob } from "@/lib/queue/pull-source";
import { enqueue, stopQueueSender } from "@/lib/queue/enqueue";
import { WORKER_ARGS } from "@/bin/launcher/worker-args";
import { healthOf } from "@/lib/sources/health/load";
import { getSource, setSourcePaused } from "@/lib/sources/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { buildOnce } from "../helpers/launcher";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * A worker that dies in the middle of a pull (SIGKILL, a crash, an exhausted heap) must not
 * leave its run "running" forever: runs whose worker's heartbeat is gone are closed, say why,
 * and count as a failed pull of their source.
 */
let url: string;
let simulator: Rapid7Simulator;
let admin: Actor;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  url = await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
  await buildOnce(["--worker"]);
}, 300_000);
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill("SIGKILL");
  await stopQueueSender();
  await simulator.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(250);
  }
}

function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, WORKER_ARGS, {
    env: {
      ...process.env,
      DATABASE_URL: url,
      RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate,
      INTAKE_HEARTBEAT_SECONDS: "1",
      INTAKE_LOG_LEVEL: "error",
    },
    stdio: "ignore",
  });
  workers.push(worker);
  return worker;
}

describe("pull runs of a worker that died", () => {
  it("closes only the runs whose worker's heartbeat is gone, says why, and counts them as failed pulls", async () => {
    const source = await createTestSource(admin);
    const now = new Date();
    const beat = (id: string, agoMs: number) =>
      db.workerHeartbeat.create({
        data: {
          id,
          hostname: "test",
          pid: 1,
          version: "test",
          startedAt: new Date(now.getTime() - 3_600_000),
          lastBeatAt: new Date(now.getTime() - agoMs),
        },
      });
    await beat("alive:1:aaaa", 1_000);
    await beat("stale:2:bbbb", 60_000);
    const run = (workerId: string | null) =>
      db.pullRun.create({
        data: {
          sourceId: source.id,
          trigger: "schedule",
          status: "running",
          startedAt: new Date(now.getTime() - 120_000),
          workerId,
        },
      });
    const alive = await run("alive:1:aaaa");
    const stale = await run("stale:2:bbbb");
    const gone = await run("gone:3:cccc");

    expect(await closeAbandonedRuns(10, now)).toBe(2);
    const byId = async (id: string) => db.pullRun.findUniqueOrThrow({ where: { id } });
    expect(await byId(alive.id)).toMatchObject({ status: "running", finishedAt: null });
    expect(await byId(stale.id)).toMatchObject({ status: "interrupted", errorKind: "worker_lost", finishedAt: now });
    expect((await byId(stale.id)).errorMessage).toMatch(
      /^The worker running this pull \(stale:2:bbbb\) stopped sending heartbeats at .+ UTC before the pull finished: it was killed, crashed or ran out of memory\./,
    );
    expect((await byId(gone.id)).errorMessage).toMatch(
      /^The worker running this pull \(gone:3:cccc\) disappeared before the pull finished/,
    );

    // The source shows the failed pulls; a second sweep changes nothing.
    const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } });
    expect(state).toMatchObject({ consecutiveFailures: 2, lastErrorKind: "worker_lost" });
    const health = (await healthOf([await getSource(source.id)])).get(source.id)!;
    expect(health.status).toBe("unhealthy");
    expect(await closeAbandonedRuns(10, now)).toBe(0);
  });

  it(
    "a worker killed mid-pull: another worker closes its run, even though the source is paused and never pulled again",
    { timeout: 180_000 },
    async () => {
      const source = await createTestSource(admin, { initialLookbackHours: 24 });
      // Slow answers keep the pull in flight long enough to kill its worker in the middle.
      simulator.control.setKnobs({ latencyMs: 2_000 });
      const first = startWorker();
      await enqueue(pullSourceJob, { sourceId: source.id, trigger: "manual" });
      const running = await until("a running pull", () =>
        db.pullRun.findFirst({ where: { sourceId: source.id, status: "running" } }),
      );
      const exited = new Promise((resolve) => first.once("exit", resolve));
      first.kill("SIGKILL");
      await exited;
      await setSourcePaused(admin, source.id, true);
      simulator.control.setKnobs({ latencyMs: 0 });
      // Wait until the dead worker's heartbeat is stale (3 intervals of 1 s), then start another.
      await until("a stale heartbeat", async () => {
        const heartbeat = await db.workerHeartbeat.findUnique({ where: { id: running.workerId! } });
        return !heartbeat || Date.now() - heartbeat.lastBeatAt.getTime() > 4_000;
      });
      startWorker();

      const closed = await until("the run to be closed", async () => {
        const run = await db.pullRun.findUniqueOrThrow({ where: { id: running.id } });
        return run.status === "running" ? null : run;
      });
      expect(closed).toMatchObject({ status: "interrupted", errorKind: "worker_lost" });
      expect(closed.errorMessage).toContain(running.workerId!);
      expect(closed.finishedAt).toBeInstanceOf(Date);
    },
  );
});
