import type PgBoss from "pg-boss";
import { createBoss } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";
import { type HeartbeatHandle, startHeartbeat } from "@/lib/jobs/heartbeat";
import type { Logger } from "@/lib/logger";

/**
 * The job engine of one worker process: registers every job definition with pg-boss,
 * schedules the cron ones, keeps the heartbeat, and stops gracefully: no new jobs are
 * fetched, running handlers are told to wrap up, and whatever is still running after
 * the grace period is handed back to the queue (failed, so pg-boss retries it).
 */
export type WorkerRuntime = { boss: PgBoss; heartbeat: HeartbeatHandle; stop(): Promise<void> };

export type WorkerRuntimeOptions = {
  connectionString: string;
  definitions: JobDefinition[];
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

  for (const definition of options.definitions) {
    await boss.createQueue(definition.name, { name: definition.name, ...definition.queue });
    const concurrency =
      typeof definition.concurrency === "function" ? definition.concurrency() : definition.concurrency;
    for (let slot = 0; slot < concurrency; slot += 1) {
      await boss.work<unknown>(
        definition.name,
        { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
        async ([job]) => {
          if (!job) return;
          const parsed = definition.schema.safeParse(job.data);
          if (!parsed.success) {
            // A payload this version cannot read will never succeed: record why and drop it.
            log.error("job payload rejected", { job: definition.name, jobId: job.id, issues: parsed.error.issues });
            return;
          }
          active += 1;
          heartbeat.setActiveJobs(active);
          try {
            await definition.handler(parsed.data, {
              jobId: job.id,
              workerId: heartbeat.id,
              signal: shutdown.signal,
              retryCount: job.retryCount,
              log: log.child({ job: definition.name, jobId: job.id }),
            });
          } finally {
            active -= 1;
            heartbeat.setActiveJobs(active);
          }
        },
      );
    }
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: "UTC" });
  }
  log.info("worker started", { worker: heartbeat.id, jobs: options.definitions.map((d) => d.name) });

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
