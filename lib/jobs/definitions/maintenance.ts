import { z } from "zod";
import { pruneSignInThrottles } from "@/lib/auth/throttle";
import { defineJob } from "@/lib/jobs/define";
import { pruneStaleHeartbeats } from "@/lib/jobs/heartbeat";

/** Periodic housekeeping of Intake's own bookkeeping tables. */
export const maintenanceJob = defineJob({
  name: "system.maintenance",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 60, expireInSeconds: 300 },
  concurrency: 1,
  cron: "*/10 * * * *",
  async handler(_data, { log }) {
    const throttles = await pruneSignInThrottles();
    const heartbeats = await pruneStaleHeartbeats();
    log.info("maintenance finished", { prunedSignInThrottles: throttles, prunedHeartbeats: heartbeats });
  },
});
