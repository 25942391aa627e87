import Link from "next/link";
import { Card } from "@/components/ui/card";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { ALERT_KIND_LABELS, isAlertKind } from "@/lib/alerts/schemas";
import type { AlertSummary } from "@/lib/alerts/service";
import { formatDateTime, formatRelative } from "@/lib/ui/format";
import { SeverityBadge } from "./severity-badge";
import { AlertStatusBadge } from "./status-badge";

export function AlertsTable({ alerts, now }: { alerts: AlertSummary[]; now: Date }) {
  return (
    <Card className="overflow-x-auto">
      <table className="w-full min-w-[960px] text-left text-sm" aria-label="Alerts, most recently seen first">
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Severity
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Alert
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Source
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              First seen
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Last seen
            </th>
            <th scope="col" className="px-4 py-3 text-right font-medium">
              Events
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Status
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {alerts.map((alert) => (
            <tr key={alert.id} data-testid="alert-row" className="hover:bg-panel-raised">
              <td className="px-4 py-3">
                <SeverityBadge severity={alert.severity} />
              </td>
              <td className="px-4 py-3">
                <Link href={`/alerts/${alert.id}`} className="font-medium text-white hover:underline">
                  <UntrustedText text={alert.title} />
                </Link>
                <p className="text-xs text-muted">
                  {isAlertKind(alert.kind) ? ALERT_KIND_LABELS[alert.kind] : alert.kind}
                </p>
              </td>
              <td className="px-4 py-3 text-slate-300">
                {alert.sourceName ?? <span className="text-muted">—</span>}
                {alert.sourceDeleted ? <span className="ml-1 text-xs text-muted">(deleted)</span> : null}
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-300">{formatDateTime(alert.firstSeenAt)}</td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-300" title={formatDateTime(alert.lastSeenAt)}>
                {formatRelative(alert.lastSeenAt, now)}
              </td>
              <td className="px-4 py-3 text-right tabular-nums text-slate-300">
                {alert.eventCount > 0 || alert.kind === "detection" ? (
                  alert.eventCount.toLocaleString("en-US")
                ) : (
                  <span className="text-muted">—</span>
                )}
              </td>
              <td className="px-4 py-3">
                <AlertStatusBadge status={alert.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
