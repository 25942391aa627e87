import { z } from "zod";
import { enforceRetention } from "@/lib/events/retention";
import { defineJob } from "@/lib/jobs/define";

/**
 * Hourly: delete events and classification failures past each source's retention.
 * Off the hour so it does not start together with every other hourly job; singleton
 * so a slow run (a first run on a big backlog) never overlaps the next one. Stopping
 * the worker ends it between batches; the next run carries on.
 */
export const eventsRetentionJob = defineJob({
  name: "events.retention",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 300, expireInSeconds: 3_000 },
  concurrency: 1,
  cron: "23 * * * *",
  async handler(_data, { log, signal }) {
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
  },
});
