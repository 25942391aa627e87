import { z } from "zod";
import { defineJobContract } from "./contract";

/**
 * Every minute: raise and resolve source alerts, remind destinations of open ones, and re-queue alert deliveries
 * whose job never started. Singleton, and the evaluation itself holds an advisory lock,
 * so two workers never evaluate at once.
 */
export const alertsEvaluateJob = defineJobContract({
  name: "alerts.evaluate",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 0, expireInSeconds: 120 },
  concurrency: 1,
  cron: "* * * * *",
});
