import type PgBoss from "pg-boss";
import type { Logger } from "@/lib/logger";
import { createBoss } from "@/lib/queue/boss";
import { createQueues } from "@/lib/queue/queue-setup";
import { type HeartbeatHandle, startHeartbeat } from "./heartbeat";
import type { BoundJob } from "./job-handler";

/**
 * The job engine of one worker process: registers every bound job with pg-boss,
 * schedules the cron ones, keeps the heartbeat, and stops gracefully: no new jobs are
 * fetched, running handlers are told to wrap up, and whatever is still running after
 * the grace period is handed back to the queue (failed, so pg-boss retries it).
 */
export type WorkerRuntime = { boss: PgBoss; heartbeat: HeartbeatHandle; stop(): Promise<void> };

export type WorkerRuntimeOptions = {
  connectionString: string;
  jobs: BoundJob[];
  heartbeatSeconds: number;
  version: string;
  log: Logger;
  gracePeriodMs?: number;
};

export async function startWorkerRuntime(options: WorkerRuntimeOptions): Promise<WorkerRuntime> {
  const { log } = options;
  const boss = createBoss(options.connectionString, "worker");
  boss.on("error", (error) => log.error("job engine error", { error }));
  await boss.start();

  const shutdown = new AbortController();
  const heartbeat = await startHeartbeat({ intervalSeconds: options.heartbeatSeconds, version: options.version });
  let active = 0;

  await createQueues(
    boss,
    options.jobs.map((job) => job.contract),
  );
  for (const { contract, handler } of options.jobs) {
    const concurrency = typeof contract.concurrency === "function" ? contract.concurrency() : contract.concurrency;
    for (let slot = 0; slot < concurrency; slot += 1) {
      await boss.work<unknown>(
        contract.name,
        { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
        async ([job]) => {
          if (!job) return;
          const parsed = contract.schema.safeParse(job.data);
          if (!parsed.success) {
            // A payload this version cannot read will never succeed: record why and drop it.
            log.error("job payload rejected", { job: contract.name, jobId: job.id, issues: parsed.error.issues });
            return;
          }
          active += 1;
          heartbeat.setActiveJobs(active);
          try {
            await handler(parsed.data, {
              jobId: job.id,
              workerId: heartbeat.id,
              signal: shutdown.signal,
              retryCount: job.retryCount,
              log: log.child({ job: contract.name, jobId: job.id }),
            });
          } finally {
            active -= 1;
            heartbeat.setActiveJobs(active);
          }
        },
      );
    }
    if (contract.cron) await boss.schedule(contract.name, contract.cron, {}, { tz: "UTC" });
  }
  log.info("worker started", { worker: heartbeat.id, jobs: options.jobs.map((job) => job.contract.name) });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      log.info("worker stopping", { worker: heartbeat.id, activeJobs: active });
      await heartbeat.markStopping();
      shutdown.abort();
      await boss.stop({ graceful: true, wait: true, timeout: options.gracePeriodMs ?? 30_000 });
      await heartbeat.stop();
      log.info("worker stopped", { worker: heartbeat.id });
    })();
    return stopping;
  };
  return { boss, heartbeat, stop };
}
