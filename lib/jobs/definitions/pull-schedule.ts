import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { closeAbandonedRuns } from "@/lib/jobs/abandoned-runs";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";
import { pullSourceJob } from "./pull-source";

/**
 * Every minute: close the pull runs of workers that died mid-pull, then enqueue a pull
 * for each source that is due. A source is due when it is
 * not paused, its key is not known to be rejected (the credential re-check clears that),
 * and its next pull time has come. The singleton key keeps a slow pull from piling up
 * one job per minute behind it.
 */
export const pullScheduleJob = defineJob({
  name: "pull.schedule",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 0, expireInSeconds: 120 },
  concurrency: 1,
  cron: "* * * * *",
  async handler(_data, { log }) {
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
  },
});
