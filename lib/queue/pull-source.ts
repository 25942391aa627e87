import { z } from "zod";
import { env } from "@/lib/env";
import { defineJobContract } from "./contract";

/**
 * Pulls one source. Idempotent: a duplicate job finds the source locked or already up to
 * date. Scheduled pulls are enqueued with `{ singletonKey: sourceId, singletonSeconds: 60 }`
 * so a slow pull does not pile up one job per minute behind it.
 */
export const pullSourceJob = defineJobContract({
  name: "pull.source",
  schema: z.object({ sourceId: z.uuid(), trigger: z.enum(["schedule", "manual", "initial", "continuation"]) }),
  // Retries happen inside a pull (per request) and through the schedule, never by re-running the job.
  queue: { policy: "standard", retryLimit: 0, expireInSeconds: 20 * 60, deleteAfterSeconds: 7 * 24 * 3600 },
  concurrency: () => env().INTAKE_WORKER_CONCURRENCY,
});
