import { markInvisible } from "@/lib/ui/invisible-characters";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { Metadata } from "next";
import Link from "next/link";
import { CoverageCompleteness } from "@/components/sources/coverage-completeness";
import { HealthBadge } from "@/components/sources/health-badge";
import { Sparkline } from "@/components/sources/sparkline";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { isAdmin } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { sourceDashboard } from "@/lib/sources/dashboard";
import { CreateSourceLink } from "@/components/sources/create-source-link";
import { SourceListPages } from "@/components/sources/source-list-pages";
import {
  columnSortHref,
  isFiltered,
  SORT_LABELS,
  type SourceListParams,
  type SourceSort,
} from "@/lib/sources/list-view";
import { Time } from "@/components/ui/time";

export const metadata: Metadata = { title: "Log Sources" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LogSourcesPage({ searchParams }: Props) {
  const actor = await requirePageActor();
  const { params, total, rows: shown, ...list } = await sourceDashboard(await searchParams);
  const canCreate = isAdmin(actor);

  return (
    <>
      {total === 0 ? (
        <EmptyState title="No log sources yet" action={canCreate ? <CreateSourceLink /> : null}>
          {canCreate
            ? "Connect your first source: Intake will pull its logs on a schedule, normalize them and tell you when data stops."
            : "An admin has not connected any source yet. Analysts can see sources here once they exist."}
        </EmptyState>
      ) : (
        <>
          {shown.length === 0 ? (
            <EmptyState
              title="No source matches these filters"
              action={
                <Link href="/log-sources" className={buttonClasses("secondary")}>
                  Clear filters
                </Link>
              }
            />
          ) : (
            <>
              <Table label="Log sources" minWidth="min-w-[1040px]">
                <TableHead>
                  <SortableHeader params={params} column="name" label="Name" />
                  <Th>Type</Th>
                  <SortableHeader params={params} column="health" label="Health" />
                  <SortableHeader params={params} column="last_event" label="Last event received" />
                  <SortableHeader params={params} column="last_processed" label="Last processed" />
                  <SortableHeader params={params} column="events_24h" label="Events, last 24 h" />
                  <Th>Completeness</Th>
                </TableHead>
                <TableBody>
                  {shown.map((row) => (
                    <tr key={row.id} data-testid={`source-row-${row.name}`}>
                      <Td>
                        <Link href={`/log-sources/${row.id}`} className="font-medium text-white hover:underline">
                          <UntrustedText text={row.name} />
                        </Link>
                        {row.paused ? <Badge className="ml-2">Paused</Badge> : null}
                      </Td>
                      <Td className="text-slate-300">{row.logType}</Td>
                      <Td>
                        <HealthBadge health={row.health} id={row.id} />
                      </Td>
                      <Td className="text-slate-300">
                        <When value={row.lastEventReceivedAt} />
                      </Td>
                      <Td className="text-slate-300">
                        <When value={row.lastEventStoredAt} />
                      </Td>
                      <Td>
                        <span className="flex items-end gap-3">
                          <span className="w-14 text-right tabular-nums text-slate-200">
                            {row.events24h.toLocaleString("en-US")}
                          </span>
                          <Sparkline values={row.activity} label={`Events per hour for ${markInvisible(row.name)}`} />
                        </span>
                      </Td>
                      <Td data-testid="source-completeness">
                        <CoverageCompleteness completeness={row.completeness} />
                      </Td>
                    </tr>
                  ))}
                </TableBody>
              </Table>
              <SourceListPages params={params} list={list} filtered={isFiltered(params)} />
            </>
          )}
        </>
      )}
    </>
  );
}

/** A column header that sorts by its column, and flips the order when it already does. */
function SortableHeader({ params, column, label }: { params: SourceListParams; column: SourceSort; label: string }) {
  const active = params.sort === column;
  const direction = params.dir === "asc" ? "ascending" : "descending";
  return (
    <Th aria-sort={active ? direction : undefined}>
      <Link
        href={columnSortHref(params, column)}
        className={active ? "text-white hover:underline" : "hover:text-white hover:underline"}
        aria-label={
          active
            ? `${SORT_LABELS[column]}, sorted ${direction}: reverse the order`
            : `Sort by ${SORT_LABELS[column].toLowerCase()}`
        }
      >
        {label}
        {active ? <span aria-hidden="true">{params.dir === "asc" ? " ▲" : " ▼"}</span> : null}
      </Link>
    </Th>
  );
}

function When({ value }: { value: Date | null }) {
  if (!value) return <span className="text-muted">Never</span>;
  return <Time value={value} />;
}
