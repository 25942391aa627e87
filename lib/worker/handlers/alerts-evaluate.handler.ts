import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import { requeueStalledDeliveries } from "@/lib/alerts/notify";
import type { alertsEvaluateJob } from "@/lib/queue/alerts-evaluate";
import type { JobHandler } from "../job-handler";

/** Raises and resolves source health alerts (no events, rejected key, failing pulls), then re-queues stalled deliveries. */
export const alertsEvaluateHandler: JobHandler<typeof alertsEvaluateJob> = async (_data, { log }) => {
  const summary = await evaluateSourceAlerts();
  if (summary.raised.length > 0 || summary.resolved.length > 0) log.info("source alerts evaluated", { ...summary });
  const requeued = await requeueStalledDeliveries();
  if (requeued > 0) log.warn("re-queued stalled alert deliveries", { deliveries: requeued });
};
