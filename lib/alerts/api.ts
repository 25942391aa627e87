import { alertUrl } from "@/lib/alerts/destinations/payload";
import type { AlertSummary } from "@/lib/alerts/service";

/**
 * What the REST API says about an alert, built field by field so nothing added to the
 * alert later reaches API clients by accident.
 */
export type ApiAlert = {
  id: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  source: { id: string | null; name: string } | null;
  ruleId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  eventCount: number;
  resolvedAt: string | null;
  url: string;
};

export function toApiAlert(alert: AlertSummary): ApiAlert {
  return {
    id: alert.id,
    kind: alert.kind,
    severity: alert.severity,
    status: alert.status,
    title: alert.title,
    source: alert.sourceName !== null ? { id: alert.sourceId, name: alert.sourceName } : null,
    ruleId: alert.ruleId,
    firstSeenAt: alert.firstSeenAt.toISOString(),
    lastSeenAt: alert.lastSeenAt.toISOString(),
    eventCount: alert.eventCount,
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    url: alertUrl(alert.id),
  };
}
