import { z } from "zod";
import { defineJobContract } from "./contract";

/**
 * Hourly: delete events and classification failures past each source's retention.
 * Off the hour so it does not start together with every other hourly job; singleton
 * so a slow run (a first run on a big backlog) never overlaps the next one.
 */
export const eventsRetentionJob = defineJobContract({
  name: "events.retention",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 300, expireInSeconds: 3_000 },
  concurrency: 1,
  cron: "23 * * * *",
});
