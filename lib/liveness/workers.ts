import { db } from "@/lib/db";

/**
 * Whether a worker is alive, read from the heartbeat rows workers write every few
 * seconds (the writer is the worker runtime's). A worker is alive while its row is
 * fresh; a stopping worker marks itself, so the console can say "stopping" instead of
 * "offline".
 */

/** A heartbeat older than this many intervals means its worker is gone (the console says offline; its runs are closed). */
export const HEARTBEAT_STALE_AFTER_INTERVALS = 3;

export type WorkerStatus = {
  state: "online" | "stopping" | "offline";
  liveWorkers: number;
  lastBeatAt: Date | null;
};

export async function workerStatus(intervalSeconds: number, now = new Date()): Promise<WorkerStatus> {
  const freshSince = new Date(now.getTime() - intervalSeconds * 1000 * HEARTBEAT_STALE_AFTER_INTERVALS);
  const [live, latest] = await Promise.all([
    db.workerHeartbeat.findMany({ where: { lastBeatAt: { gte: freshSince } }, select: { stoppingAt: true } }),
    db.workerHeartbeat.findFirst({ orderBy: { lastBeatAt: "desc" }, select: { lastBeatAt: true } }),
  ]);
  const running = live.filter((worker) => worker.stoppingAt === null).length;
  return {
    state: running > 0 ? "online" : live.length > 0 ? "stopping" : "offline",
    liveWorkers: running,
    lastBeatAt: latest?.lastBeatAt ?? null,
  };
}

/** Whether a worker on this host (a container's hostname) beat recently: the container healthcheck. */
export async function workerAliveOnHost(host: string, intervalSeconds: number, now = new Date()): Promise<boolean> {
  const freshSince = new Date(now.getTime() - intervalSeconds * 1000 * HEARTBEAT_STALE_AFTER_INTERVALS);
  const beat = await db.workerHeartbeat.findFirst({
    where: { hostname: host, lastBeatAt: { gte: freshSince }, stoppingAt: null },
    select: { id: true },
  });
  return beat !== null;
}
