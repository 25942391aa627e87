import { db } from "@/lib/db";
import { interruptRuns } from "@/lib/sources/state";
import { HEARTBEAT_STALE_AFTER_INTERVALS } from "@/lib/liveness/workers";
import { formatDateTime } from "@/lib/text/format";

/**
 * A worker that dies mid-pull (killed, crashed, out of memory) leaves its run marked
 * "running". The next pull of the same source closes it, but a source that is paused,
 * deleted or never pulled again would show it running forever. So every worker start
 * and every minute's scheduling closes the runs whose worker's heartbeat is gone: stale
 * for as long as the console takes to call a worker offline.
 */

/** Runs without a worker id (started outside a worker) count as abandoned after the pull job's own expiry. */
const ORPHAN_RUN_AFTER_MS = 20 * 60_000;

export async function closeAbandonedRuns(heartbeatSeconds: number, now = new Date()): Promise<number> {
  const running = await db.pullRun.findMany({
    where: { status: "running" },
    select: { id: true, workerId: true, startedAt: true },
  });
  if (running.length === 0) return 0;
  const workerIds = [...new Set(running.flatMap((run) => (run.workerId ? [run.workerId] : [])))];
  const heartbeats = await db.workerHeartbeat.findMany({
    where: { id: { in: workerIds } },
    select: { id: true, lastBeatAt: true },
  });
  const lastBeat = new Map(heartbeats.map((beat) => [beat.id, beat.lastBeatAt]));
  const freshSince = now.getTime() - heartbeatSeconds * 1000 * HEARTBEAT_STALE_AFTER_INTERVALS;

  let closed = 0;
  for (const run of running) {
    const beat = run.workerId ? lastBeat.get(run.workerId) : undefined;
    if (
      run.workerId
        ? beat !== undefined && beat.getTime() >= freshSince
        : now.getTime() - run.startedAt.getTime() < ORPHAN_RUN_AFTER_MS
    )
      continue;
    const worker = run.workerId ? `The worker running this pull (${run.workerId})` : "The process running this pull";
    const gone = beat ? `stopped sending heartbeats at ${formatDateTime(beat)}` : "disappeared";
    closed += await interruptRuns(
      { runId: run.id },
      {
        kind: "worker_lost",
        message: `${worker} ${gone} before the pull finished: it was killed, crashed or ran out of memory. Nothing it had not committed was kept; the next pull resumes from the checkpoint.`,
        at: now,
      },
    );
  }
  return closed;
}
