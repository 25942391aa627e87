import { runPull } from "@/lib/sources/pull/pull";
import { detectionsRunJob } from "@/lib/queue/detections-run";
import { enqueue } from "@/lib/queue/enqueue";
import { pullSourceJob } from "@/lib/queue/pull-source";
import type { JobHandler } from "../job-handler";

/** Runs one pull, then queues detections for new events and a continuation while the source has more. */
export const pullSourceHandler: JobHandler<typeof pullSourceJob> = async (
  { sourceId, trigger },
  { signal, log, workerId },
) => {
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
};
