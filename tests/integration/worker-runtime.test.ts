import { spawn } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { workerStatus } from "@/lib/liveness/workers";
import { createLogger } from "@/lib/logger";
import { defineJobContract } from "@/lib/queue/contract";
import { bindJob } from "@/lib/worker/job-handler";
import { jobRegistry } from "@/lib/worker/registry";
import { startWorkerRuntime } from "@/lib/worker/runtime";
import { useTestDatabase } from "../helpers/database";

let url: string;
beforeAll(async () => {
  url = await useTestDatabase();
});

async function jobState(id: string): Promise<string | undefined> {
  const rows = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE id = ${id}::uuid`;
  return rows[0]?.state;
}

const log = createLogger({ test: "worker-runtime" });
/**
 * For the checks that a running worker counts as online: a worker is online while its last
 * beat is younger than 3 intervals, and on a busy machine a 1-second beat can be seconds
 * late. These checks are about liveness, not timing, so the interval leaves room.
 */
const LIVENESS_CHECK_HEARTBEAT_SECONDS = 30;
const until = async (check: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe("worker runtime", () => {
  it("runs jobs, reports a heartbeat while alive, and goes offline after a clean stop", async () => {
    const seen: string[] = [];
    const echo = bindJob(
      defineJobContract({
        name: "test.echo",
        schema: z.object({ word: z.string() }),
        queue: { retryLimit: 0 },
        concurrency: 2,
      }),
      async ({ word }) => {
        seen.push(word);
      },
    );
    const runtime = await startWorkerRuntime({
      connectionString: url,
      jobs: [echo],
      heartbeatSeconds: LIVENESS_CHECK_HEARTBEAT_SECONDS,
      version: "test",
      log,
    });
    expect((await workerStatus(LIVENESS_CHECK_HEARTBEAT_SECONDS)).state).toBe("online");
    await runtime.boss.send("test.echo", { word: "hello" });
    await runtime.boss.send("test.echo", { wrong: true });
    await until(async () => seen.includes("hello"));
    await runtime.stop();
    expect(seen).toEqual(["hello"]);
    expect(await workerStatus(LIVENESS_CHECK_HEARTBEAT_SECONDS)).toMatchObject({ state: "offline", liveWorkers: 0 });
  });

  it("on stop, lets a job that honours the stop signal finish its work", async () => {
    const finished: number[] = [];
    let started = false;
    const careful = bindJob(
      defineJobContract({
        name: "test.careful",
        schema: z.object({ n: z.number() }),
        queue: { retryLimit: 1 },
        concurrency: 1,
      }),
      async ({ n }, { signal }) => {
        started = true;
        // Work in small steps and stop at a safe point when asked.
        for (let step = 0; step < 100 && !signal.aborted; step += 1)
          await new Promise((resolve) => setTimeout(resolve, 50));
        finished.push(n);
      },
    );
    const runtime = await startWorkerRuntime({
      connectionString: url,
      jobs: [careful],
      heartbeatSeconds: 1,
      version: "test",
      log,
    });
    const jobId = await runtime.boss.send("test.careful", { n: 7 });
    await until(async () => started);
    await runtime.stop();
    expect(finished).toEqual([7]);
    expect(await jobState(jobId!)).toBe("completed");
  });

  it("hands a job that outlives the grace period back to the queue, where another worker completes it", async () => {
    let attempts = 0;
    const stubborn = bindJob(
      defineJobContract({
        name: "test.stubborn",
        schema: z.object({}),
        queue: { retryLimit: 3, retryDelay: 0 },
        concurrency: 1,
      }),
      async () => {
        attempts += 1;
        // The first attempt ignores the stop signal and would run for a minute.
        if (attempts === 1) await new Promise((resolve) => setTimeout(resolve, 60_000));
      },
    );
    const first = await startWorkerRuntime({
      connectionString: url,
      jobs: [stubborn],
      heartbeatSeconds: 1,
      version: "test",
      log,
      gracePeriodMs: 1_000,
    });
    const jobId = await first.boss.send("test.stubborn", {});
    await until(async () => attempts === 1);
    await first.stop();
    const second = await startWorkerRuntime({
      connectionString: url,
      jobs: [stubborn],
      heartbeatSeconds: 1,
      version: "test",
      log,
    });
    await until(async () => (await second.boss.getJobById("test.stubborn", jobId!))?.state === "completed", 20_000);
    expect(attempts).toBe(2);
    await second.stop();
  });

  it("registers the production jobs, including the scheduled maintenance", async () => {
    const runtime = await startWorkerRuntime({
      connectionString: url,
      jobs: jobRegistry,
      heartbeatSeconds: 1,
      version: "test",
      log,
    });
    const schedules = await runtime.boss.getSchedules();
    expect(schedules.map((s) => s.name)).toContain("system.maintenance");
    const jobId = await runtime.boss.send("system.maintenance", {});
    await until(async () => (await runtime.boss.getJobById("system.maintenance", jobId!))?.state === "completed");
    await runtime.stop();
  });
});

describe("worker process", () => {
  it("starts with `bin/worker.ts`, beats, and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "bin/worker.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        INTAKE_HEARTBEAT_SECONDS: String(LIVENESS_CHECK_HEARTBEAT_SECONDS),
        INTAKE_LOG_LEVEL: "info",
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    await until(async () => (await db.workerHeartbeat.count({ where: { pid: child.pid } })) === 1, 30_000);
    expect((await workerStatus(LIVENESS_CHECK_HEARTBEAT_SECONDS)).state).toBe("online");
    // "close", not "exit": the output streams must be drained before we read them.
    const exit = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(output).toContain('"msg":"worker stopped"');
    expect(await db.workerHeartbeat.count()).toBe(0);
  });
});
