import { z } from "zod";
import { runPull } from "@/lib/sources/pull/pull";
import { defineJob } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/queue";
import { detectionsRunJob } from "./detections-run";
import { env } from "@/lib/env";

/** Pulls one source. Idempotent: a duplicate job finds the source locked or already up to date. */
export const pullSourceJob = defineJob({
  name: "pull.source",
  schema: z.object({ sourceId: z.uuid(), trigger: z.enum(["schedule", "manual", "initial", "continuation"]) }),
  // Retries happen inside a pull (per request) and through the schedule, never by re-running the job.
  queue: { policy: "standard", retryLimit: 0, expireInSeconds: 20 * 60, deleteAfterSeconds: 7 * 24 * 3600 },
  concurrency: () => env().INTAKE_WORKER_CONCURRENCY,
  async handler({ sourceId, trigger }, { signal, log, workerId }) {
    const outcome = await runPull(sourceId, { trigger, signal, log, workerId });
    // New events: let the detection packs look at them now rather than at the next sweep.
    if (outcome.status !== "skipped" && outcome.counters.inserted > 0) {
      await enqueue(detectionsRunJob, { sourceId }, { singletonKey: sourceId }).catch((error: unknown) =>
        log.warn("could not queue detections", { error }),
      );
    }
    if (outcome.status === "succeeded" && outcome.hasMore && !signal.aborted) {
      await enqueue(pullSourceJob, { sourceId, trigger: "continuation" });
    }
  },
});
