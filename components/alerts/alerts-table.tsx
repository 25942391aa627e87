import Link from "next/link";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { ALERT_KIND_LABELS, isAlertKind } from "@/lib/alerts/schemas";
import type { AlertSummary } from "@/lib/alerts/service";
import { SeverityBadge } from "./severity-badge";
import { AlertStatusBadge } from "./status-badge";
import { Time } from "@/components/ui/time";

export function AlertsTable({ alerts }: { alerts: AlertSummary[] }) {
  return (
    <Table label="Alerts, most recently seen first" minWidth="min-w-[960px]">
      <TableHead>
        <Th>Severity</Th>
        <Th>Alert</Th>
        <Th>Source</Th>
        <Th>First seen</Th>
        <Th>Last seen</Th>
        <Th align="right">Events</Th>
        <Th>Status</Th>
      </TableHead>
      <TableBody>
        {alerts.map((alert) => (
          <tr key={alert.id} data-testid="alert-row" className="hover:bg-panel-raised">
            <Td>
              <SeverityBadge severity={alert.severity} />
            </Td>
            <Td>
              <Link href={`/alerts/${alert.id}`} className="font-medium text-white hover:underline">
                <UntrustedText text={alert.title} />
              </Link>
              <p className="text-xs text-muted">
                {isAlertKind(alert.kind) ? ALERT_KIND_LABELS[alert.kind] : alert.kind}
              </p>
            </Td>
            <Td className="text-slate-300">
              {alert.sourceName !== null ? (
                <UntrustedText text={alert.sourceName} />
              ) : (
                <span className="text-muted">—</span>
              )}
              {alert.sourceDeleted ? <span className="ml-1 text-xs text-muted">(deleted)</span> : null}
            </Td>
            <Td className="whitespace-nowrap text-slate-300">
              <Time value={alert.firstSeenAt} format="absolute" />
            </Td>
            <Td className="whitespace-nowrap text-slate-300">
              <Time value={alert.lastSeenAt} />
            </Td>
            <Td align="right" className="tabular-nums text-slate-300">
              {alert.eventCount > 0 || alert.kind === "detection" ? (
                alert.eventCount.toLocaleString("en-US")
              ) : (
                <span className="text-muted">—</span>
              )}
            </Td>
            <Td>
              <AlertStatusBadge status={alert.status} />
            </Td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
