import { attemptDelivery } from "@/lib/alerts/destinations/deliver";
import { type alertDeliverJob, DELIVERY_MAX_ATTEMPTS } from "@/lib/queue/alert-deliver";
import type { JobHandler } from "../job-handler";

/** Thrown for a failed attempt worth retrying, so pg-boss retries the job (its contract sets the backoff). */
export class DeliveryRetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryRetryError";
  }
}

export const alertDeliverHandler: JobHandler<typeof alertDeliverJob> = async ({ deliveryId }, { log, signal }) => {
  const result = await attemptDelivery(deliveryId, { log, signal });
  if (result.status === "retry")
    throw new DeliveryRetryError(`Attempt ${result.attempt} of ${DELIVERY_MAX_ATTEMPTS} failed: ${result.error}`);
  if (result.status === "skipped") log.debug("alert delivery skipped", { deliveryId, reason: result.reason });
};
