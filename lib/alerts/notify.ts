import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { alertDeliverJob } from "@/lib/queue/alert-deliver";
import { enqueue } from "@/lib/queue/enqueue";
import { type AlertForPayload, type AlertPayload, alertPayload, type DeliveryTrigger } from "./destinations/payload";
import { severityAtLeast } from "./schemas";
import type { AlertChange } from "./update-notice";

/**
 * Notifications: one AlertDelivery row per enabled destination that wants the alert's
 * kind and severity, written in the same transaction as the change it reports (so an
 * alert is never opened without its deliveries, nor notified twice), then one job per
 * delivery on the job engine once that transaction has committed.
 */
type Tx = Prisma.TransactionClient;

export function destinationWants(
  destination: { alertKinds: string[]; minSeverity: string },
  alert: { kind: string; severity: string },
): boolean {
  const kindWanted = destination.alertKinds.length === 0 || destination.alertKinds.includes(alert.kind);
  return kindWanted && severityAtLeast(alert.severity, destination.minSeverity);
}

/**
 * Inside the caller's transaction: the delivery rows for this change. Returns their ids for
 * dispatchDeliveries. Destinations are chosen by the alert's current kind and severity, so
 * one whose minimum severity an alert reaches only by escalating hears of it first as
 * alert.updated (its `change` says from what).
 */
export async function queueNotifications(
  tx: Tx,
  alert: AlertForPayload,
  trigger: Exclude<DeliveryTrigger, "test">,
  change?: AlertChange,
): Promise<string[]> {
  const destinations = await tx.alertDestination.findMany({
    where: { enabled: true },
    select: { id: true, alertKinds: true, minSeverity: true },
  });
  const interested = destinations.filter((destination) => destinationWants(destination, alert));
  const wanted = trigger === "updated" ? await underNotificationLimit(tx, alert.id, interested) : interested;
  if (wanted.length === 0) return [];
  const payload = alertPayload(alert, trigger, change);
  const rows = wanted.map((destination) => ({
    id: crypto.randomUUID(),
    destinationId: destination.id,
    alertId: alert.id,
    trigger,
    payload: payload as unknown as Prisma.InputJsonValue,
  }));
  await tx.alertDelivery.createMany({ data: rows });
  return rows.map((row) => row.id);
}

/**
 * At most this many notifications (the opening and its updates) per alert and
 * destination. Updates are already rare (escalations, event-count milestones); the limit
 * holds whatever the events do, so no burst can page a channel more than this about one
 * alert. Resolutions and reopenings are always sent: they change what people should do.
 */
export const NOTIFICATIONS_PER_ALERT = 5;

async function underNotificationLimit<D extends { id: string }>(
  tx: Tx,
  alertId: string,
  destinations: D[],
): Promise<D[]> {
  if (destinations.length === 0) return destinations;
  const counts = await tx.alertDelivery.groupBy({
    by: ["destinationId"],
    where: {
      alertId,
      destinationId: { in: destinations.map((destination) => destination.id) },
      trigger: { in: ["opened", "updated"] },
    },
    _count: { _all: true },
  });
  const sent = new Map(counts.map((row) => [row.destinationId, row._count._all]));
  return destinations.filter((destination) => (sent.get(destination.id) ?? 0) < NOTIFICATIONS_PER_ALERT);
}

/** Inside the caller's transaction: one test delivery to one destination. */
export async function queueTestDelivery(tx: Tx, destinationId: string, payload: AlertPayload): Promise<string> {
  const id = crypto.randomUUID();
  await tx.alertDelivery.create({
    data: { id, destinationId, alertId: null, trigger: "test", payload: payload as unknown as Prisma.InputJsonValue },
  });
  return id;
}

/**
 * After commit: a job per delivery. A failure to enqueue is logged, not thrown (the change
 * itself is committed); the alerts.evaluate sweep re-queues deliveries left pending.
 */
export async function dispatchDeliveries(deliveryIds: string[]): Promise<void> {
  for (const deliveryId of deliveryIds) {
    try {
      await enqueue(alertDeliverJob, { deliveryId }, { id: deliveryId });
    } catch (error) {
      logger.error("could not queue an alert delivery; the next sweep retries", { deliveryId, error });
    }
  }
}

/** Deliveries that never got a first attempt this long after being queued are queued again (the job id makes this idempotent). */
export const STALLED_DELIVERY_MS = 2 * 60_000;

export async function requeueStalledDeliveries(now = new Date()): Promise<number> {
  const stalled = await db.alertDelivery.findMany({
    where: { status: "pending", attempts: 0, createdAt: { lt: new Date(now.getTime() - STALLED_DELIVERY_MS) } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  await dispatchDeliveries(stalled.map((row) => row.id));
  return stalled.length;
}
