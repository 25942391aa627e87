import { runAllDetections, runDetections } from "@/lib/detections/runner";
import type { detectionsRunJob } from "@/lib/queue/detections-run";
import type { JobHandler } from "../job-handler";

/**
 * One source's detections, or the sweep over every source with packs enabled. Runs are
 * idempotent and hold a per-source advisory lock, so a sweep and a per-source run meeting
 * on one source is harmless.
 */
export const detectionsRunHandler: JobHandler<typeof detectionsRunJob> = async ({ sourceId }, { signal, log }) => {
  if (sourceId) {
    const result = await runDetections(sourceId, { signal, log });
    if (result.skipped) log.debug("detections skipped", { sourceId, reason: result.skipped });
    return;
  }
  const sweep = await runAllDetections({ signal, log });
  if (sweep.failedSources.length > 0) log.warn("detection sweep had failures", { failedSources: sweep.failedSources });
};
