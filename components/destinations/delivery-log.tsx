import Link from "next/link";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { AlertDeliveryRow, DeliveryOutcome } from "@/lib/alerts/service";
import type { DeliveryLogEntry } from "@/lib/destinations/service";
import { DeliveryStatusBadge } from "./delivery-status";
import { Time } from "@/components/ui/time";

/**
 * Deliveries with their outcome: status, attempts, the destination's last HTTP status
 * and the last error. On a destination it names the alert; on an alert, the destination.
 */
type DeliveryLogRow = DeliveryOutcome &
  Partial<Pick<DeliveryLogEntry, "alert"> & Pick<AlertDeliveryRow, "destinationName">>;

const TRIGGERS: Record<string, string> = {
  opened: "Alert opened",
  updated: "Alert updated",
  reminded: "Reminder: still open",
  resolved: "Alert resolved",
  reopened: "Alert reopened",
  test: "Test",
};

export function DeliveryLog({
  rows,
  show,
  label,
}: {
  rows: DeliveryLogRow[];
  show: "alert" | "destination";
  label: string;
}) {
  return (
    <Table label={label} minWidth="min-w-[760px]" density="compact" frame="plain">
      <TableHead>
        <Th>Queued</Th>
        <Th>{show === "alert" ? "What" : "Destination"}</Th>
        <Th>Status</Th>
        <Th align="right">Attempts</Th>
        <Th align="right">Response</Th>
        <Th>Error</Th>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="delivery-row" data-status={row.status}>
            <Td className="whitespace-nowrap text-slate-300">
              <Time value={row.createdAt} format="absolute" />
              {row.lastAttemptAt ? (
                <span className="block text-xs text-muted">
                  last attempt <Time value={row.lastAttemptAt} />
                </span>
              ) : null}
            </Td>
            <Td className="text-slate-300">
              {show === "alert" ? (
                <>
                  {TRIGGERS[row.trigger] ?? row.trigger}
                  {row.alert ? (
                    <>
                      {": "}
                      <Link href={`/alerts/${row.alert.id}`} className="text-white hover:underline">
                        <UntrustedText text={row.alert.title} />
                      </Link>
                    </>
                  ) : null}
                </>
              ) : (
                <>
                  {row.destinationName}
                  <span className="ml-1 text-xs text-muted">({TRIGGERS[row.trigger] ?? row.trigger})</span>
                </>
              )}
            </Td>
            <Td>
              <DeliveryStatusBadge status={row.status} />
            </Td>
            <Td align="right" className="tabular-nums text-slate-300">
              {row.attempts}
            </Td>
            <Td align="right" className="font-mono text-xs text-slate-300">
              {row.responseStatus ?? <span className="text-muted">—</span>}
            </Td>
            <Td className="max-w-md text-slate-300">
              <span className="line-clamp-2 break-words">{row.lastError ?? <span className="text-muted">—</span>}</span>
            </Td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
