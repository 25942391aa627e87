import type { Metadata } from "next";
import Link from "next/link";
import { EventDrawer } from "@/components/search/event-drawer";
import { ExportLinks } from "@/components/search/export-links";
import { Pagination } from "@/components/search/pagination";
import { ResultsTable } from "@/components/search/results-table";
import { VolumeHistogram } from "@/components/search/volume-histogram";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterErrors } from "@/components/ui/filter-errors";
import { requirePageActor } from "@/lib/auth/session";
import { isAppError, ValidationError } from "@/lib/errors";
import { hasAnyEvents } from "@/lib/events/facets";
import {
  encodeCursor,
  FILTER_LABELS,
  formValuesFromParams,
  type RawSearchParams,
  type SearchFilters,
  searchQueryString,
  TIME_RANGE_LABELS,
} from "@/lib/events/schemas";
import { type EventView, eventView } from "@/lib/events/record-view";
import { searchVolume } from "@/lib/events/histogram";
import { getEvent, parseSearchParams, searchEvents } from "@/lib/events/search";

export const metadata: Metadata = { title: "Search" };

type Props = { searchParams: Promise<RawSearchParams> };

export default async function SearchPage({ searchParams }: Props) {
  await requirePageActor();
  const params = await searchParams;
  const values = formValuesFromParams(params);
  const filterQuery = searchQueryString(values);

  const filters = parseOrError(params);
  if (filters instanceof ValidationError) {
    const error = filters;
    return (
      <>
        <FilterErrors
          title="This search link has a filter Intake cannot use"
          errors={error.fieldErrors}
          labelOf={(field) => FILTER_LABELS[field.split(".")[0] ?? ""] ?? field}
          resetHref="/search"
          resetLabel="start a new search"
        />
      </>
    );
  }

  const [page, volume] = await Promise.all([searchEvents(filters), searchVolume(filters)]);
  const pageQuery = searchQueryString({ ...values, cursor: filters.cursor ? encodeCursor(filters.cursor) : null });
  const eventParam = typeof params.event === "string" ? params.event : null;
  const openEvent = eventParam ? await findEvent(eventParam) : null;
  const empty =
    page.rows.length === 0
      ? filters.cursor === null && !(await hasAnyEvents())
        ? "nothing-stored"
        : "no-match"
      : null;

  return (
    <>
      {empty === "nothing-stored" ? null : <ExportLinks query={filterQuery} />}
      <div className="mt-6">
        {empty === "nothing-stored" ? null : <VolumeHistogram histogram={volume} values={values} />}
        {empty === "nothing-stored" ? (
          <EmptyState
            title="No events are stored yet"
            action={
              <Link href="/log-sources" className={buttonClasses("primary")}>
                Go to Log Sources
              </Link>
            }
          >
            Events appear here once a source has pulled them. Add or check a source under Configure &gt; Log Sources.
          </EmptyState>
        ) : empty === "no-match" ? (
          <EmptyState
            title="No events match these filters"
            action={
              <Link href="/search" className={buttonClasses("secondary")}>
                Clear filters
              </Link>
            }
          >
            Nothing in{" "}
            {filters.range === "custom" ? "the chosen time range" : TIME_RANGE_LABELS[filters.range].toLowerCase()}{" "}
            matches. Try a longer time range or fewer filters.
          </EmptyState>
        ) : (
          <>
            <ResultsTable rows={page.rows} query={pageQuery} openId={eventParam} values={values} />
            <Pagination
              shown={page.rows.length}
              hasMore={page.hasMore}
              onFirstPage={filters.cursor === null}
              olderHref={
                page.nextCursor ? `/search?${searchQueryString({ ...values, cursor: page.nextCursor })}` : null
              }
              newestHref={filterQuery ? `/search?${filterQuery}` : "/search"}
            />
          </>
        )}
      </div>
      {eventParam ? (
        <EventDrawer
          key={eventParam}
          eventId={eventParam}
          event={openEvent}
          closeHref={pageQuery ? `/search?${pageQuery}` : "/search"}
        />
      ) : null}
    </>
  );
}

function parseOrError(params: RawSearchParams): SearchFilters | ValidationError {
  try {
    return parseSearchParams(params);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
}

/** A broken event id in a link shows as "not found" in the drawer rather than failing the page. */
async function findEvent(id: string): Promise<EventView | null> {
  try {
    const detail = await getEvent(id);
    return detail ? eventView(detail) : null;
  } catch (error) {
    if (isAppError(error) && error.code === "VALIDATION") return null;
    throw error;
  }
}
