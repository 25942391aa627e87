import { z } from "zod";
import { defineJobContract } from "./contract";

/**
 * Runs detection rules. With a sourceId (enqueued after new events were stored, with
 * `{ singletonKey: sourceId }`): that source. Without (the cron, every minute): every
 * source with packs enabled, which also catches up whatever a skipped or failed run left
 * behind.
 *
 * Stately per singleton key: one run active and at most one waiting per source (and one
 * of each for the sweep), so a pull storm queues one catch-up run, not one per pull.
 * Never retried: the next minute's sweep is the retry.
 */
export const detectionsRunJob = defineJobContract({
  name: "detections.run",
  schema: z.object({ sourceId: z.uuid().optional() }),
  queue: { policy: "stately", retryLimit: 0, expireInSeconds: 15 * 60, deleteAfterSeconds: 24 * 3600 },
  concurrency: 2,
  cron: "* * * * *",
});
