import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import { requeueStalledDeliveries } from "@/lib/alerts/notify";
import { remindOpenAlerts } from "@/lib/alerts/reminders";
import { env } from "@/lib/env";
import type { alertsEvaluateJob } from "@/lib/queue/alerts-evaluate";
import type { JobHandler } from "../job-handler";

/**
 * Raises and resolves source alerts (health, security silence, low volume; evaluating
 * them also records each source's health changes), reminds destinations of alerts still
 * open, then re-queues stalled deliveries.
 */
export const alertsEvaluateHandler: JobHandler<typeof alertsEvaluateJob> = async (_data, { log }) => {
  const now = new Date();
  const summary = await evaluateSourceAlerts(now);
  if (summary.raised.length > 0 || summary.resolved.length > 0) log.info("source alerts evaluated", { ...summary });
  const reminded = await remindOpenAlerts(now, env().INTAKE_ALERT_RENOTIFY_MINUTES);
  if (reminded.length > 0) log.info("reminded destinations of open alerts", { alerts: reminded.length });
  const requeued = await requeueStalledDeliveries();
  if (requeued > 0) log.warn("re-queued stalled alert deliveries", { deliveries: requeued });
};
