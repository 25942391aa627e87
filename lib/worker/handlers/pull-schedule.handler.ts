import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueue } from "@/lib/queue/enqueue";
import type { pullScheduleJob } from "@/lib/queue/pull-schedule";
import { pullSourceJob } from "@/lib/queue/pull-source";
import { closeAbandonedRuns } from "../abandoned-runs";
import type { JobHandler } from "../job-handler";

/**
 * Closes the pull runs of workers that died mid-pull, then enqueues a pull for each
 * source that is due. A source is due when it is not paused, its key is not known to be
 * rejected (the credential re-check clears that), and its next pull time has come. The
 * singleton key keeps a slow pull from piling up one job per minute behind it.
 */
export const pullScheduleHandler: JobHandler<typeof pullScheduleJob> = async (_data, { log }) => {
  const abandoned = await closeAbandonedRuns(env().INTAKE_HEARTBEAT_SECONDS);
  if (abandoned > 0) log.warn("closed pull runs whose worker is gone", { runs: abandoned });
  const due = await db.logSource.findMany({
    where: {
      paused: false,
      deletedAt: null,
      state: {
        credentialsStatus: { notIn: ["invalid", "forbidden"] },
        OR: [{ nextPullAt: null }, { nextPullAt: { lte: new Date() } }],
      },
    },
    select: { id: true },
  });
  for (const source of due) {
    await enqueue(
      pullSourceJob,
      { sourceId: source.id, trigger: "schedule" },
      { singletonKey: source.id, singletonSeconds: 60 },
    );
  }
  if (due.length > 0) log.debug("scheduled pulls", { sources: due.length });
};
