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
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { isAdmin } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { sourceDashboard } from "@/lib/sources/dashboard";
import {
  columnSortHref,
  DEFAULT_DIRECTION,
  SORT_LABELS,
  type SourceListParams,
  type SourceSort,
} from "@/lib/sources/list-view";
import { Time } from "@/components/ui/time";

export const metadata: Metadata = { title: "Log Sources" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LogSourcesPage({ searchParams }: Props) {
  const actor = await requirePageActor();
  const { params, total, rows: shown } = await sourceDashboard(await searchParams);
  const canCreate = isAdmin(actor);
  const createButton = canCreate ? (
    <Link href="/log-sources/new" className={buttonClasses("primary")}>
      Create New
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        eyebrow="Configure"
        title="Log Sources"
        description="Sources Intake pulls logs from, and how their ingestion is doing."
        actions={createButton}
      />
      {total === 0 ? (
        <EmptyState title="No log sources yet" action={createButton}>
          {canCreate
            ? "Connect your first source: Intake will pull its logs on a schedule, normalize them and tell you when data stops."
            : "An admin has not connected any source yet. Analysts can see sources here once they exist."}
        </EmptyState>
      ) : (
        <>
          <form className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter sources">
            <div className="w-56">
              <label htmlFor="q" className="mb-1 block text-xs font-medium text-muted">
                Name or type
              </label>
              <Input id="q" name="q" defaultValue={params.q} placeholder="Filter by name" />
            </div>
            <div>
              <label htmlFor="health" className="mb-1 block text-xs font-medium text-muted">
                Health
              </label>
              <Select id="health" name="health" defaultValue={params.health} className="w-44">
                <option value="all">All</option>
                <option value="healthy">Healthy</option>
                <option value="unhealthy">Unhealthy</option>
                <option value="paused">Paused</option>
                <option value="pending">Pending first pull</option>
              </Select>
            </div>
            <div>
              <label htmlFor="sort" className="mb-1 block text-xs font-medium text-muted">
                Sort by
              </label>
              <Select id="sort" name="sort" defaultValue={params.sort} className="w-56">
                <option value="name">Name</option>
                <option value="health">Health (problems first)</option>
                <option value="last_event">Last event received (newest first)</option>
                <option value="last_processed">Last processed (newest first)</option>
                <option value="events_24h">Events in the last 24 h (most first)</option>
              </Select>
            </div>
            <div>
              <label htmlFor="dir" className="mb-1 block text-xs font-medium text-muted">
                Order
              </label>
              {/* Empty means the column's own order; the column headers flip it too. */}
              <Select
                id="dir"
                name="dir"
                defaultValue={params.dir === DEFAULT_DIRECTION[params.sort] ? "" : params.dir}
                className="w-40"
              >
                <option value="">Column default</option>
                <option value="asc">Ascending</option>
                <option value="desc">Descending</option>
              </Select>
            </div>
            <button type="submit" className={buttonClasses("secondary")}>
              Apply
            </button>
          </form>
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
