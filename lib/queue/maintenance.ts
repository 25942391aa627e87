import { z } from "zod";
import { defineJobContract } from "./contract";

/** Every 10 minutes: housekeeping of Intake's own bookkeeping tables. */
export const maintenanceJob = defineJobContract({
  name: "system.maintenance",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 60, expireInSeconds: 300 },
  concurrency: 1,
  cron: "*/10 * * * *",
});
