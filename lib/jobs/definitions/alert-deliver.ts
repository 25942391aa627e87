import { z } from "zod";
import { attemptDelivery, DELIVERY_MAX_ATTEMPTS } from "@/lib/alerts/destinations/deliver";
import { defineJob } from "@/lib/jobs/define";

/**
 * Sends one alert delivery (one alert, or a test, to one destination). A failure worth
 * retrying throws, so pg-boss retries the job with exponential backoff: 30 s × 2^n with
 * jitter, so the 5 attempts span about 8 to 15 minutes. The job id is the delivery id, so
 * queueing the same delivery twice runs it once.
 */
export class DeliveryRetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryRetryError";
  }
}

export const alertDeliverJob = defineJob({
  name: "alerts.deliver",
  schema: z.object({ deliveryId: z.uuid() }),
  queue: {
    policy: "standard",
    retryLimit: DELIVERY_MAX_ATTEMPTS - 1,
    retryDelay: 30,
    retryBackoff: true,
    // 10 s request timeout plus the bookkeeping around it.
    expireInSeconds: 60,
    deleteAfterSeconds: 7 * 24 * 3600,
  },
  concurrency: 4,
  async handler({ deliveryId }, { log, signal }) {
    const result = await attemptDelivery(deliveryId, { log, signal });
    if (result.status === "retry")
      throw new DeliveryRetryError(`Attempt ${result.attempt} of ${DELIVERY_MAX_ATTEMPTS} failed: ${result.error}`);
    if (result.status === "skipped") log.debug("alert delivery skipped", { deliveryId, reason: result.reason });
  },
});
