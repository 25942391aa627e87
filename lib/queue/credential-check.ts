import { z } from "zod";
import { defineJobContract } from "./contract";

/** Every 15 minutes (or for one source, on request): re-check active sources' keys. */
export const credentialCheckJob = defineJobContract({
  name: "sources.check-credentials",
  schema: z.object({ sourceId: z.uuid().optional() }).passthrough(),
  queue: { policy: "singleton", retryLimit: 1, retryDelay: 60, expireInSeconds: 15 * 60 },
  concurrency: 1,
  cron: "*/15 * * * *",
});
