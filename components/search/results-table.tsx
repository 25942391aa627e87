"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { Card } from "@/components/ui/card";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { personOf } from "@/lib/events/display";
import type { EventRow } from "@/lib/events/search";
import { formatDateTime } from "@/lib/ui/format";
import { cn } from "@/lib/ui/cn";
import { markInvisible } from "@/lib/ui/invisible-characters";
import { ResultBadge } from "./result-badge";

/**
 * Newest first. A row opens its event in the drawer (the URL gets `event=<id>`, so the
 * open event is shareable too); the time in each row is the keyboard-reachable link.
 */
/** "2026-03-01 11:55:00": sortable, compact, and the column header says UTC. */
function formatEventTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function ResultsTable({ rows, query, openId }: { rows: EventRow[]; query: string; openId: string | null }) {
  const router = useRouter();
  const hrefFor = (id: string) => `/search?${query ? `${query}&` : ""}event=${id}`;

  return (
    <Card className="overflow-x-auto">
      <table className="w-full min-w-[900px] table-fixed text-left text-sm" aria-label="Events, newest first">
        {/* Fixed widths keep the columns steady between pages; the description takes what is left. */}
        <colgroup>
          <col className="w-[10.5rem]" />
          <col className="w-[11.5rem]" />
          <col className="w-[6rem]" />
          <col className="w-[5rem]" />
          <col className="w-[10rem]" />
          <col />
          <col className="w-[8.5rem]" />
        </colgroup>
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-3 py-3 font-medium">
              Event time (UTC)
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              Action
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              Result
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              Product
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              Who
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              Description
            </th>
            <th scope="col" className="px-3 py-3 font-medium">
              Source
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
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
                <td className="px-3 py-2.5">
                  <Link
                    href={hrefFor(row.id)}
                    scroll={false}
                    data-event-link={row.id}
                    aria-label={`Open ${markInvisible(row.action)} event of ${formatDateTime(row.eventTime)}`}
                    className="whitespace-nowrap font-mono text-xs text-slate-200 hover:text-white hover:underline"
                  >
                    {formatEventTime(row.eventTime)}
                  </Link>
                </td>
                <td className="truncate px-3 py-2.5 font-mono text-xs text-white" title={markInvisible(row.action)}>
                  <UntrustedText text={row.action} />
                </td>
                <td className="px-3 py-2.5">
                  <ResultBadge result={row.result} />
                </td>
                <td className="truncate px-3 py-2.5 text-slate-300">
                  {row.product ? <UntrustedText text={row.product} /> : <span className="text-muted">—</span>}
                </td>
                <td className="truncate px-3 py-2.5 text-slate-300" title={who ? markInvisible(who) : undefined}>
                  {who ? <UntrustedText text={who} /> : <span className="text-muted">—</span>}
                </td>
                <td
                  className="px-3 py-2.5 text-slate-300"
                  title={row.description ? markInvisible(row.description) : undefined}
                >
                  <span className="line-clamp-2 break-words">
                    {row.description ? <UntrustedText text={row.description} /> : <span className="text-muted">—</span>}
                  </span>
                </td>
                <td className="truncate px-3 py-2.5 text-slate-300" title={row.sourceName ?? undefined}>
                  {row.sourceName ?? <span className="text-muted">Deleted source</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
