"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { personOf } from "@/lib/events/display";
import type { EventRow } from "@/lib/events/search";
import { formatAbsolute } from "@/lib/ui/time";
import { useTimeZone } from "@/components/ui/time-zone";
import { cn } from "@/lib/ui/cn";
import { markInvisible } from "@/lib/ui/invisible-characters";
import { ResultBadge } from "./result-badge";
import { Time } from "@/components/ui/time";

/** Rows a little tighter than the console's other tables: a page of events is long. */
const CELL = "px-3 py-2.5";

/**
 * Newest first. A row opens its event in the drawer (the URL gets `event=<id>`, so the
 * open event is shareable too); the time in each row is the keyboard-reachable link.
 */
export function ResultsTable({ rows, query, openId }: { rows: EventRow[]; query: string; openId: string | null }) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const hrefFor = (id: string) => `/search?${query ? `${query}&` : ""}event=${id}`;

  return (
    <Table label="Events, newest first" minWidth="min-w-[900px]" className="table-fixed">
      {/* Fixed widths keep the columns steady between pages; the description takes what is left. */}
      <colgroup>
        <col className="w-[13rem]" />
        <col className="w-[11.5rem]" />
        <col className="w-[6rem]" />
        <col className="w-[5rem]" />
        <col className="w-[10rem]" />
        <col />
        <col className="w-[8.5rem]" />
      </colgroup>
      <TableHead>
        {["Event time", "Action", "Result", "Product", "Who", "Description", "Source"].map((column) => (
          <Th key={column} className="px-3">
            {column}
          </Th>
        ))}
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const who = personOf(row);
          return (
            <tr
              key={row.id}
              data-testid="event-row"
              aria-selected={row.id === openId || undefined}
              onClick={(event) => {
                // Let the link handle its own clicks (and modifier clicks open a new tab).
                if ((event.target as HTMLElement).closest("a")) return;
                router.push(hrefFor(row.id), { scroll: false });
              }}
              className={cn("cursor-pointer hover:bg-panel-raised", row.id === openId && "bg-panel-raised")}
            >
              <Td className={CELL}>
                <Link
                  href={hrefFor(row.id)}
                  scroll={false}
                  data-event-link={row.id}
                  aria-label={`Open ${markInvisible(row.action)} event of ${formatAbsolute(row.eventTime, timeZone)}`}
                  className="whitespace-nowrap font-mono text-xs text-slate-200 hover:text-white hover:underline"
                >
                  <Time value={row.eventTime} format="absolute" />
                </Link>
              </Td>
              <Td className={cn(CELL, "truncate font-mono text-xs text-white")} title={markInvisible(row.action)}>
                <UntrustedText text={row.action} />
              </Td>
              <Td className={CELL}>
                <ResultBadge result={row.result} />
              </Td>
              <Td className={cn(CELL, "truncate text-slate-300")}>
                {row.product ? <UntrustedText text={row.product} /> : <span className="text-muted">—</span>}
              </Td>
              <Td className={cn(CELL, "truncate text-slate-300")} title={who ? markInvisible(who) : undefined}>
                {who ? <UntrustedText text={who} /> : <span className="text-muted">—</span>}
              </Td>
              <Td
                className={cn(CELL, "text-slate-300")}
                title={row.description ? markInvisible(row.description) : undefined}
              >
                <span className="line-clamp-2 break-words">
                  {row.description ? <UntrustedText text={row.description} /> : <span className="text-muted">—</span>}
                </span>
              </Td>
              <Td className={cn(CELL, "truncate text-slate-300")} title={row.sourceName ?? undefined}>
                {row.sourceName ?? <span className="text-muted">Deleted source</span>}
              </Td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
