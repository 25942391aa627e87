import { z } from "zod";
import { env } from "@/lib/env";
import { closeAbandonedRuns } from "@/lib/jobs/abandoned-runs";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";
import { dueSourceIds } from "@/lib/sources/state";
import { pullSourceJob } from "./pull-source";

/**
 * Every minute: close the pull runs of workers that died mid-pull, then enqueue a pull
 * for each source that is due (lib/sources/state.ts decides which). The singleton key
 * keeps a slow pull from piling up one job per minute behind it.
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
    const due = await dueSourceIds(new Date());
    for (const sourceId of due) {
      await enqueue(pullSourceJob, { sourceId, trigger: "schedule" }, { singletonKey: sourceId, singletonSeconds: 60 });
    }
    if (due.length > 0) log.debug("scheduled pulls", { sources: due.length });
  },
});
