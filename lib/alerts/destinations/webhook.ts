import { createHmac } from "node:crypto";
import type { AlertPayload } from "./payload";

/**
 * A generic webhook: the payload as JSON, POSTed with
 *
 *   Content-Type: application/json
 *   X-Intake-Event: alert.opened | alert.updated | alert.reminded | alert.resolved | alert.reopened | test
 *   X-Intake-Delivery: <delivery id>   (the same on every retry: receivers deduplicate on it)
 *
 * and, when the destination has a signing secret,
 *
 *   X-Intake-Timestamp: <unix seconds>
 *   X-Intake-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * Receivers recompute the HMAC over the raw body bytes, compare in constant time, and
 * reject timestamps more than a few minutes old (replays).
 */
export type OutgoingRequest = { body: string; headers: Record<string, string> };

function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function webhookRequest(
  payload: AlertPayload,
  options: { deliveryId: string; secret: string | null; now: Date },
): OutgoingRequest {
  const body = JSON.stringify({ ...payload, sentAt: options.now.toISOString() });
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-intake-event": payload.type,
    "x-intake-delivery": options.deliveryId,
  };
  if (options.secret) {
    const timestamp = String(Math.floor(options.now.getTime() / 1000));
    headers["x-intake-timestamp"] = timestamp;
    headers["x-intake-signature"] = signWebhookBody(options.secret, timestamp, body);
  }
  return { body, headers };
}
