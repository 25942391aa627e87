import { env } from "@/lib/env";
import { enqueue } from "@/lib/queue/enqueue";
import type { pullScheduleJob } from "@/lib/queue/pull-schedule";
import { pullSourceJob } from "@/lib/queue/pull-source";
import { dueSourceIds } from "@/lib/sources/state";
import { closeAbandonedRuns } from "../abandoned-runs";
import type { JobHandler } from "../job-handler";

/**
 * Closes the pull runs of workers that died mid-pull, then enqueues a pull for each
 * source that is due (lib/sources/state.ts decides which). The singleton key keeps a
 * slow pull from piling up one job per minute behind it.
 */
export const pullScheduleHandler: JobHandler<typeof pullScheduleJob> = async (_data, { log }) => {
  const abandoned = await closeAbandonedRuns(env().INTAKE_HEARTBEAT_SECONDS);
  if (abandoned > 0) log.warn("closed pull runs whose worker is gone", { runs: abandoned });
  const due = await dueSourceIds(new Date());
  for (const sourceId of due) {
    await enqueue(pullSourceJob, { sourceId, trigger: "schedule" }, { singletonKey: sourceId, singletonSeconds: 60 });
  }
  if (due.length > 0) log.debug("scheduled pulls", { sources: due.length });
};
