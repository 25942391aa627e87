import { z } from "zod";
import { defineJobContract } from "./contract";

/** Attempts per delivery, the first included; the last failure marks the delivery failed. */
export const DELIVERY_MAX_ATTEMPTS = 5;

/**
 * Sends one alert delivery (one alert, or a test, to one destination). A failed attempt
 * worth retrying is retried by pg-boss with exponential backoff: 30 s × 2^n with jitter,
 * so the 5 attempts span about 8 to 15 minutes. Enqueue with `{ id: deliveryId }`: the job
 * id is the delivery id, so queueing the same delivery twice runs it once.
 */
export const alertDeliverJob = defineJobContract({
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
});
