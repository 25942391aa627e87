import { type ChildProcess, spawn } from "node:child_process";
import { enqueue } from "@/lib/queue/enqueue";
import { pullSourceJob } from "@/lib/queue/pull-source";

/**
 * Real worker processes for fault and kill tests: started against the test database and
 * the simulator, killed with SIGKILL mid-pull, and a stand-in for the once-a-minute
 * scheduler that keeps asking for pulls of a source.
 */
export type WorkerProcesses = {
  start(): ChildProcess;
  /** Kills every worker still running (afterAll). */
  killAll(): void;
};

export function workerProcesses(
  databaseUrl: string,
  baseUrlTemplate: string,
  env: Record<string, string> = {},
): WorkerProcesses {
  const workers: ChildProcess[] = [];
  return {
    start() {
      const worker = spawn(process.execPath, ["--import", "tsx", "bin/worker.ts"], {
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          RAPID7_BASE_URL_TEMPLATE: baseUrlTemplate,
          INTAKE_WORKER_CONCURRENCY: "2",
          INTAKE_HEARTBEAT_SECONDS: "1",
          INTAKE_LOG_LEVEL: "error",
          ...env,
        },
        stdio: "ignore",
      });
      workers.push(worker);
      return worker;
    },
    killAll() {
      for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill("SIGKILL");
    },
  };
}

export async function killed(worker: ChildProcess): Promise<void> {
  const exit = new Promise((resolve) => worker.once("exit", resolve));
  worker.kill("SIGKILL");
  await exit;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Queues a scheduled pull of the source every half second until stopped; resolves once it has stopped. */
export function keepAskingForPulls(sourceId: string): { stop(): Promise<void> } {
  let asking = true;
  const asker = (async () => {
    while (asking) {
      await enqueue(
        pullSourceJob,
        { sourceId, trigger: "schedule" },
        { singletonKey: sourceId, singletonSeconds: 1 },
      ).catch(() => null);
      await sleep(500);
    }
  })();
  return {
    async stop() {
      asking = false;
      await asker;
    },
  };
}
