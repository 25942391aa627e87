import { SecretUnavailableError } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import type { Logger } from "@/lib/logger";
import { DELIVERY_MAX_ATTEMPTS } from "@/lib/queue/alert-deliver";
import type { HostResolver } from "./address-policy";
import { postToDestination, type SendOutcome } from "./http";
import type { AlertPayload } from "./payload";
import { openDestinationSecret, openDestinationUrl } from "./secrets";
import { slackRequest } from "./slack";
import { destinationUrlProblem } from "./url-policy";
import { webhookRequest } from "./webhook";

/**
 * One attempt at one delivery, recorded on its row (attempts, response status, error,
 * timestamps). The job around it (lib/worker/handlers/alert-deliver.handler.ts) turns
 * "retry" into a pg-boss retry with the backoff of its contract (lib/queue/alert-deliver.ts);
 * after DELIVERY_MAX_ATTEMPTS, or on an answer that retrying cannot fix, the delivery is
 * marked failed.
 */

export type AttemptResult =
  | { status: "delivered"; attempt: number; responseStatus: number }
  | { status: "retry"; attempt: number; error: string }
  | { status: "failed"; attempt: number; error: string }
  | { status: "skipped"; reason: string };

/** `resolve` replaces DNS for tests that need answers a real resolver cannot give (rebinding); the job passes none. */
export async function attemptDelivery(
  deliveryId: string,
  options: { log: Logger; signal?: AbortSignal; now?: () => Date; resolve?: HostResolver },
): Promise<AttemptResult> {
  const now = options.now ?? (() => new Date());
  const delivery = await db.alertDelivery.findUnique({ where: { id: deliveryId }, include: { destination: true } });
  if (!delivery) return { status: "skipped", reason: "the delivery no longer exists (its destination was deleted)" };
  if (delivery.status !== "pending") return { status: "skipped", reason: `the delivery is already ${delivery.status}` };
  const { destination } = delivery;
  const attempt = delivery.attempts + 1;

  if (attempt > DELIVERY_MAX_ATTEMPTS) {
    return finish(
      delivery,
      { status: "failed", attempt: delivery.attempts, error: delivery.lastError ?? "Gave up after the last attempt." },
      null,
      now(),
    );
  }
  if (!destination.enabled && delivery.trigger !== "test") {
    return finish(
      delivery,
      {
        status: "failed",
        attempt: delivery.attempts,
        error: "The destination was turned off before this notification was sent.",
      },
      null,
      now(),
    );
  }

  let url: string;
  let secret: string | null;
  try {
    url = openDestinationUrl(destination);
    secret = destination.type === "webhook" ? openDestinationSecret(destination) : null;
  } catch (error) {
    if (!(error instanceof SecretUnavailableError)) throw error;
    const message =
      "The destination's stored URL or secret cannot be decrypted with this server's encryption key. Edit the destination and enter them again.";
    return finish(delivery, { status: "failed", attempt, error: message }, null, now());
  }
  const problem = destinationUrlProblem(url);
  if (problem)
    return finish(
      delivery,
      { status: "failed", attempt, error: `The destination URL is not accepted: ${problem}` },
      null,
      now(),
    );

  const payload = delivery.payload as unknown as AlertPayload;
  const request =
    destination.type === "slack"
      ? slackRequest(payload)
      : webhookRequest(payload, { deliveryId: delivery.id, secret, now: now() });
  const outcome: SendOutcome = await postToDestination(url, request, {
    signal: options.signal,
    resolve: options.resolve,
  });

  if (outcome.ok) {
    return finish(delivery, { status: "delivered", attempt, responseStatus: outcome.status }, outcome.status, now());
  }
  const final = outcome.permanent || attempt >= DELIVERY_MAX_ATTEMPTS;
  const error = final && !outcome.permanent ? `${outcome.error} Gave up after ${attempt} attempts.` : outcome.error;
  options.log.warn("alert delivery attempt failed", {
    deliveryId,
    destinationId: destination.id,
    attempt,
    status: outcome.status,
    permanent: outcome.permanent,
    error: outcome.error,
  });
  return finish(
    delivery,
    final ? { status: "failed", attempt, error } : { status: "retry", attempt, error },
    outcome.status,
    now(),
  );
}

type DeliveryRow = { id: string; alertId: string | null; trigger: string; destination: { id: string; name: string } };

async function finish(
  delivery: DeliveryRow,
  result: Exclude<AttemptResult, { status: "skipped" }>,
  responseStatus: number | null,
  at: Date,
): Promise<AttemptResult> {
  await db.$transaction(async (tx) => {
    await tx.alertDelivery.update({
      where: { id: delivery.id },
      data: {
        attempts: result.attempt,
        lastAttemptAt: at,
        responseStatus,
        status: result.status === "retry" ? "pending" : result.status,
        lastError: result.status === "delivered" ? null : result.error,
        ...(result.status === "delivered" ? { deliveredAt: at } : {}),
      },
    });
    // The alert's timeline says who was told, and who could not be.
    if (delivery.alertId && result.status !== "retry") {
      const what =
        (
          { resolved: "resolution", reopened: "reopening", updated: "update", reminded: "reminder" } as Record<
            string,
            string
          >
        )[delivery.trigger] ?? "alert";
      await tx.alertActivity.create({
        data: {
          alertId: delivery.alertId,
          at,
          action: "notified",
          actorLabel: "Intake",
          message:
            result.status === "delivered"
              ? `Sent the ${what} to ${delivery.destination.name}.`
              : `Could not send the ${what} to ${delivery.destination.name}: ${result.error}`,
        },
      });
    }
  });
  return result;
}
