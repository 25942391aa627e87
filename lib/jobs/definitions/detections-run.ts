import { z } from "zod";
import { runAllDetections, runDetections } from "@/lib/detections/runner";
import { defineJob } from "@/lib/jobs/define";

/**
 * Runs detection rules. With a sourceId (enqueued after a pull stored new events): that
 * source. Without (the cron, every minute): every source with packs enabled, which also
 * catches up whatever a skipped or failed run left behind.
 *
 * Stately per singleton key: one run active and at most one waiting per source (and one
 * of each for the sweep), so a pull storm queues one catch-up run, not one per pull.
 * Runs are idempotent and hold a per-source advisory lock, so a sweep and a per-source
 * run meeting on one source is harmless. Never retried: the next minute's sweep is the
 * retry.
 */
export const detectionsRunJob = defineJob({
  name: "detections.run",
  schema: z.object({ sourceId: z.uuid().optional() }),
  queue: { policy: "stately", retryLimit: 0, expireInSeconds: 15 * 60, deleteAfterSeconds: 24 * 3600 },
  concurrency: 2,
  cron: "* * * * *",
  async handler({ sourceId }, { signal, log }) {
    if (sourceId) {
      const result = await runDetections(sourceId, { signal, log });
      if (result.skipped) log.debug("detections skipped", { sourceId, reason: result.skipped });
      return;
    }
    const sweep = await runAllDetections({ signal, log });
    if (sweep.failedSources.length > 0)
      log.warn("detection sweep had failures", { failedSources: sweep.failedSources });
  },
});
