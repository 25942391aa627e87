import { enforceRetention } from "@/lib/events/retention";
import type { eventsRetentionJob } from "@/lib/queue/events-retention";
import type { JobHandler } from "../job-handler";

/** Deletes what is past retention. Stopping the worker ends it between batches; the next run carries on. */
export const eventsRetentionHandler: JobHandler<typeof eventsRetentionJob> = async (_data, { log, signal }) => {
  const results = await enforceRetention(new Date(), { signal });
  const eventsDeleted = results.reduce((sum, r) => sum + r.eventsDeleted, 0);
  const failuresDeleted = results.reduce((sum, r) => sum + r.failuresDeleted, 0);
  const bySource = results.filter((r) => r.eventsDeleted > 0 || r.failuresDeleted > 0);
  log.info("retention enforced", {
    sources: results.length,
    eventsDeleted,
    failuresDeleted,
    bySource,
    stoppedEarly: signal.aborted,
  });
};
