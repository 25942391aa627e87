import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Th } from "@/components/ui/table";
import { healthBadgeView } from "@/components/sources/health-badge";
import { SourceListRows, type SourceListRowView } from "@/components/sources/source-list-rows";
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
  type SourceListRow,
  type SourceSort,
} from "@/lib/sources/list-view";

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
                  <SourceListRows rows={shown.map(rowView)} />
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

/** What a row sends to the browser: of its health, what the badge shows. */
function rowView({ health, ...row }: SourceListRow): SourceListRowView {
  return { ...row, health: healthBadgeView(health) };
}
