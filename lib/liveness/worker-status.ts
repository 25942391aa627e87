import { db } from "@/lib/db";

/**
 * Is a worker alive? Each worker writes a heartbeat row every INTAKE_HEARTBEAT_SECONDS
 * (lib/worker/heartbeat.ts); a row is fresh for this many intervals, so one or two beats
 * missed while the database is busy do not make a worker look gone.
 */
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
