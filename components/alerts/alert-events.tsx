import Link from "next/link";
import { ResultBadge } from "@/components/search/result-badge";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { AlertEventRow } from "@/lib/alerts/service";
import { markInvisible } from "@/lib/ui/invisible-characters";
import { Time } from "@/components/ui/time";

/** The events a detection alert matched, newest first; each opens in Search's event drawer. */
export function AlertEvents({ events, searchQuery }: { events: AlertEventRow[]; searchQuery: string }) {
  return (
    <Table label="Matching events" minWidth="min-w-[720px]" density="compact" frame="plain">
      <TableHead>
        <Th>Event time</Th>
        <Th>Action</Th>
        <Th>Result</Th>
        <Th>Who</Th>
        <Th>Description</Th>
      </TableHead>
      <TableBody>
        {events.map((event) => (
          <tr key={event.id} data-testid="alert-event-row">
            <Td className="whitespace-nowrap">
              <Link
                href={`/search?${searchQuery ? `${searchQuery}&` : ""}event=${event.id}`}
                className="font-mono text-xs text-slate-200 hover:text-white hover:underline"
              >
                <span className="sr-only">Open {markInvisible(event.action)} event of </span>
                <Time value={event.eventTime} format="absolute" />
                <span className="sr-only"> in Search</span>
              </Link>
            </Td>
            <Td className="font-mono text-xs text-white">
              <UntrustedText text={event.action} />
            </Td>
            <Td>
              <ResultBadge result={event.result} />
            </Td>
            <Td className="text-slate-300">
              {event.who ? <UntrustedText text={event.who} /> : <span className="text-muted">—</span>}
            </Td>
            <Td className="text-slate-300">
              <span className="line-clamp-2 break-words">
                {event.description ? <UntrustedText text={event.description} /> : <span className="text-muted">—</span>}
              </span>
            </Td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
