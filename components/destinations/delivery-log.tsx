import Link from "next/link";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { formatDateTime } from "@/lib/ui/format";
import { DeliveryStatusBadge } from "./delivery-status";

/**
 * Deliveries with their outcome: status, attempts, the destination's last HTTP status
 * and the last error. On a destination it names the alert; on an alert, the destination.
 */
export type DeliveryLogRow = {
  id: string;
  trigger: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  alert?: { id: string; title: string } | null;
  destinationName?: string;
};

const TRIGGERS: Record<string, string> = {
  opened: "Alert opened",
  updated: "Alert updated",
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
    <div className="overflow-x-auto">
      <table className="w-full min-w-[760px] text-left text-sm" aria-label={label}>
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Queued
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              {show === "alert" ? "What" : "Destination"}
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Attempts
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Response
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Error
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {rows.map((row) => (
            <tr key={row.id} data-testid="delivery-row" data-status={row.status}>
              <td
                className="whitespace-nowrap px-4 py-2 text-slate-300"
                title={row.lastAttemptAt ? `Last attempt ${formatDateTime(row.lastAttemptAt)}` : undefined}
              >
                {formatDateTime(row.createdAt)}
              </td>
              <td className="px-4 py-2 text-slate-300">
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
              </td>
              <td className="px-4 py-2">
                <DeliveryStatusBadge status={row.status} />
              </td>
              <td className="px-4 py-2 text-right tabular-nums text-slate-300">{row.attempts}</td>
              <td className="px-4 py-2 text-right font-mono text-xs text-slate-300">
                {row.responseStatus ?? <span className="text-muted">—</span>}
              </td>
              <td className="max-w-md px-4 py-2 text-slate-300">
                <span className="line-clamp-2 break-words">
                  {row.lastError ?? <span className="text-muted">—</span>}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
