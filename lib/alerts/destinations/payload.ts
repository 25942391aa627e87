import { env } from "@/lib/env";
import type { AlertChange } from "../update-notice";

/**
 * The JSON every destination is sent (a generic webhook receives it as is; Slack gets
 * it formatted). Stored on the delivery row when the delivery is queued, so every retry
 * sends the same alert state; `sentAt` is added per attempt.
 *
 *   {
 *     "type": "alert.opened" | "alert.updated" | "alert.reminded" | "alert.resolved" | "alert.reopened" | "test",
 *     "alert": {
 *       "id", "kind", "severity", "status", "title", "description",
 *       "source": { "id", "name" } | null,   // id null once the source is deleted
 *       "ruleId", "firstSeenAt", "lastSeenAt", "eventCount",
 *       "resolvedAt", "resolution",            // null while open
 *       "url"                                  // the alert in the console
 *     },
 *     "change": {                              // alert.updated only: why it was sent
 *       "reasons": ["severity_escalated" | "event_count_milestone", …],
 *       "previousSeverity", "previousEventCount", "eventCountMilestone"
 *     },
 *     "sentAt"
 *   }
 */
/** "reminded": the alert is still open, sent again every INTAKE_ALERT_RENOTIFY_MINUTES (lib/alerts/reminders.ts). */
export type DeliveryTrigger = "opened" | "updated" | "reminded" | "resolved" | "reopened" | "test";
type WebhookEventType =
  "alert.opened" | "alert.updated" | "alert.reminded" | "alert.resolved" | "alert.reopened" | "test";

type AlertPayloadBody = {
  id: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  description: string | null;
  source: { id: string | null; name: string } | null;
  ruleId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  eventCount: number;
  resolvedAt: string | null;
  resolution: string | null;
  url: string;
};

export type AlertPayload = { type: WebhookEventType; alert: AlertPayloadBody; change?: AlertChange };

export type AlertForPayload = {
  id: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  description: string | null;
  sourceId: string | null;
  sourceName: string | null;
  ruleId: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  eventCount: number;
  resolvedAt: Date | null;
  resolution: string | null;
};

function eventTypeOf(trigger: DeliveryTrigger): WebhookEventType {
  return trigger === "test" ? "test" : `alert.${trigger}`;
}

/** The console's public address (NEXTAUTH_URL), for links in notifications. */
function consoleBaseUrl(): string {
  const settings = env();
  return (settings.NEXTAUTH_URL ?? `http://localhost:${settings.PORT}`).replace(/\/+$/, "");
}

export function alertUrl(alertId: string): string {
  return `${consoleBaseUrl()}/alerts/${alertId}`;
}

export function alertPayload(
  alert: AlertForPayload,
  trigger: Exclude<DeliveryTrigger, "test">,
  change?: AlertChange,
): AlertPayload {
  return {
    type: eventTypeOf(trigger),
    alert: {
      id: alert.id,
      kind: alert.kind,
      severity: alert.severity,
      status: alert.status,
      title: alert.title,
      description: alert.description,
      source:
        alert.sourceName !== null || alert.sourceId !== null
          ? { id: alert.sourceId, name: alert.sourceName ?? "Unknown source" }
          : null,
      ruleId: alert.ruleId,
      firstSeenAt: alert.firstSeenAt.toISOString(),
      lastSeenAt: alert.lastSeenAt.toISOString(),
      eventCount: alert.eventCount,
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      resolution: alert.resolution,
      url: alertUrl(alert.id),
    },
    ...(change ? { change } : {}),
  };
}

const TEST_ALERT_ID = "00000000-0000-0000-0000-000000000000";

/** What "Send test" sends: the documented shape with type "test" and a sample alert nobody should act on. */
export function testPayload(destinationName: string, at: Date): AlertPayload {
  const iso = at.toISOString();
  return {
    type: "test",
    alert: {
      id: TEST_ALERT_ID,
      kind: "no_events",
      severity: "info",
      status: "open",
      title: "Test notification from Intake",
      description: `This is a test sent to the destination "${destinationName}" to check that it is reachable. No action is needed.`,
      source: null,
      ruleId: null,
      firstSeenAt: iso,
      lastSeenAt: iso,
      eventCount: 0,
      resolvedAt: null,
      resolution: null,
      url: `${consoleBaseUrl()}/alerts`,
    },
  };
}
