import { z } from "zod";
import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import { requeueStalledDeliveries } from "@/lib/alerts/notify";
import { defineJob } from "@/lib/jobs/define";

/**
 * Every minute: raise and resolve source health alerts (no events, rejected key,
 * failing pulls), and re-queue alert deliveries whose job never started. Singleton, and
 * the evaluation itself holds an advisory lock, so two workers never evaluate at once.
 */
export const alertsEvaluateJob = defineJob({
  name: "alerts.evaluate",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 0, expireInSeconds: 120 },
  concurrency: 1,
  cron: "* * * * *",
  async handler(_data, { log }) {
    const summary = await evaluateSourceAlerts();
    if (summary.raised.length > 0 || summary.resolved.length > 0) log.info("source alerts evaluated", { ...summary });
    const requeued = await requeueStalledDeliveries();
    if (requeued > 0) log.warn("re-queued stalled alert deliveries", { deliveries: requeued });
  },
});
