import { z } from "zod";
import { defineJobContract } from "./contract";

/**
 * Every five minutes: compare each source's settled coverage windows with Rapid7's own
 * counts and re-read the windows that fall short (lib/sources/coverage). Singleton, so
 * one check runs at a time; each source's check is bounded by its key's rate-limit share.
 */
export const sourceReconcileJob = defineJobContract({
  name: "source.reconcile",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 0, expireInSeconds: 15 * 60 },
  concurrency: 1,
  cron: "*/5 * * * *",
});
