import { hostname } from "node:os";
import { db } from "@/lib/db";

/**
 * Each worker process upserts a row every few seconds; the console calls a worker
 * alive while its row is fresh (lib/liveness reads them). A stopping worker marks itself
 * so the console can say "stopping" instead of "offline", and removes its row once it
 * has stopped.
 */
export type HeartbeatHandle = {
  id: string;
  setActiveJobs(count: number): void;
  markStopping(): Promise<void>;
  stop(): Promise<void>;
};

export async function startHeartbeat(options: { intervalSeconds: number; version: string }): Promise<HeartbeatHandle> {
  const id = `${hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  const startedAt = new Date();
  let activeJobs = 0;
  const beat = () =>
    db.workerHeartbeat.upsert({
      where: { id },
      create: {
        id,
        hostname: hostname(),
        pid: process.pid,
        version: options.version,
        startedAt,
        lastBeatAt: new Date(),
        activeJobs,
      },
      update: { lastBeatAt: new Date(), activeJobs },
    });
  await beat();
  let inFlight: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    // A missed beat (database briefly away) is reported by staleness, not by crashing.
    inFlight = beat().catch(() => {});
  }, options.intervalSeconds * 1000);
  timer.unref();
  return {
    id,
    setActiveJobs: (count) => {
      activeJobs = count;
    },
    markStopping: async () => {
      await db.workerHeartbeat
        .update({ where: { id }, data: { stoppingAt: new Date(), lastBeatAt: new Date() } })
        .catch(() => {});
    },
    stop: async () => {
      clearInterval(timer);
      // A beat still in flight would re-create the row after we delete it.
      await inFlight;
      await db.workerHeartbeat.delete({ where: { id } }).catch(() => {});
    },
  };
}

/** Rows of workers that died without removing themselves. */
export async function pruneStaleHeartbeats(olderThanHours = 24, now = new Date()): Promise<number> {
  const result = await db.workerHeartbeat.deleteMany({
    where: { lastBeatAt: { lt: new Date(now.getTime() - olderThanHours * 3_600_000) } },
  });
  return result.count;
}
