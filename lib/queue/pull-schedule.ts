import { z } from "zod";
import { defineJobContract } from "./contract";

/**
 * Every minute: close the pull runs of workers that died mid-pull, then enqueue a pull
 * for each source that is due. Singleton, so a slow run never overlaps the next minute's.
 */
export const pullScheduleJob = defineJobContract({
  name: "pull.schedule",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 0, expireInSeconds: 120 },
  concurrency: 1,
  cron: "* * * * *",
});
