import { z } from "zod";
import { defineJobContract } from "./contract";

/**
 * Daily: verifies the whole audit trail and records the outcome in it. Retried twice, ten
 * minutes apart, since a run that fails half-way (the database restarting) proves nothing.
 */
export const auditVerifyJob = defineJobContract({
  name: "audit.verify-chain",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 600, expireInSeconds: 3_000 },
  concurrency: 1,
  cron: "41 3 * * *",
});
