import Link from "next/link";
import { ResultBadge } from "@/components/search/result-badge";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { AlertEventRow } from "@/lib/alerts/service";
import { formatDateTime } from "@/lib/ui/format";
import { markInvisible } from "@/lib/ui/invisible-characters";

/** The events a detection alert matched, newest first; each opens in Search's event drawer. */
export function AlertEvents({ events, searchQuery }: { events: AlertEventRow[]; searchQuery: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[720px] text-left text-sm" aria-label="Matching events">
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Event time (UTC)
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Action
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Result
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Who
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Description
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {events.map((event) => (
            <tr key={event.id} data-testid="alert-event-row">
              <td className="whitespace-nowrap px-4 py-2">
                <Link
                  href={`/search?${searchQuery ? `${searchQuery}&` : ""}event=${event.id}`}
                  className="font-mono text-xs text-slate-200 hover:text-white hover:underline"
                  aria-label={`Open ${markInvisible(event.action)} event of ${formatDateTime(event.eventTime)} in Search`}
                >
                  {event.eventTime.toISOString().slice(0, 19).replace("T", " ")}
                </Link>
              </td>
              <td className="px-4 py-2 font-mono text-xs text-white">
                <UntrustedText text={event.action} />
              </td>
              <td className="px-4 py-2">
                <ResultBadge result={event.result} />
              </td>
              <td className="px-4 py-2 text-slate-300">
                {event.who ? <UntrustedText text={event.who} /> : <span className="text-muted">—</span>}
              </td>
              <td className="px-4 py-2 text-slate-300">
                <span className="line-clamp-2 break-words">
                  {event.description ? (
                    <UntrustedText text={event.description} />
                  ) : (
                    <span className="text-muted">—</span>
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
