import { z } from "zod";
import type { Completeness } from "./coverage/view";
import type { SourceHealth } from "./health/describe";

/**
 * Filters, sort and page of the Log Sources list, read from the URL: q (name or type),
 * health, sort: a column, followed by "-asc" or "-desc" when not in that column's own
 * default order (the order people usually want first), and page. Isomorphic: the page
 * builds its links with it too, and the filter form reads it in the browser.
 */
export const SOURCE_SORTS = ["name", "health", "last_event", "last_processed", "events_24h"] as const;
export type SourceSort = (typeof SOURCE_SORTS)[number];
export type SortDirection = "asc" | "desc";

export const SORT_LABELS: Record<SourceSort, string> = {
  name: "Name",
  health: "Health",
  last_event: "Last event received",
  last_processed: "Last processed",
  events_24h: "Events in the last 24 h",
};

/**
 * Ascending is A–Z, problems first (unhealthy, pending, healthy, paused), oldest first
 * ("never" is oldest) and fewest first. Times and counts default to descending: the
 * freshest and busiest sources are the ones asked about most.
 */
export const DEFAULT_DIRECTION: Record<SourceSort, SortDirection> = {
  name: "asc",
  health: "asc",
  last_event: "desc",
  last_processed: "desc",
  events_24h: "desc",
};

const SORT_TOKEN = new RegExp(`^(${SOURCE_SORTS.join("|")})(?:-(asc|desc))?$`);

/** How a sort is written in the URL: the column alone in its default order, else "column-direction". */
export function sortToken(sort: SourceSort, dir: SortDirection): string {
  return dir === DEFAULT_DIRECTION[sort] ? sort : `${sort}-${dir}`;
}

/** The one sort control's choices: every column, each way round, named by what comes first. */
export const SORT_CHOICES: { token: string; label: string }[] = (
  [
    ["name", "Name, A to Z", "Name, Z to A"],
    ["health", "Health, problems first", "Health, paused first"],
    ["last_event", "Last event received, oldest first", "Last event received, newest first"],
    ["last_processed", "Last processed, oldest first", "Last processed, newest first"],
    ["events_24h", "Events in the last 24 h, fewest first", "Events in the last 24 h, most first"],
  ] as const
).flatMap(([sort, ascending, descending]) => {
  const both = [
    { token: sortToken(sort, "asc"), label: ascending },
    { token: sortToken(sort, "desc"), label: descending },
  ];
  return DEFAULT_DIRECTION[sort] === "asc" ? both : both.reverse();
});

const schema = z.object({
  q: z.string().trim().max(100).catch(""),
  health: z.enum(["all", "healthy", "unhealthy", "paused", "pending"]).catch("all"),
  sort: z.string().catch("name"),
  /** Links written before the sort carried its direction. */
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  /** Which page of SOURCE_PAGE_SIZE rows; one past the last shows the last (see pageOf). */
  page: z.coerce.number().int().min(1).catch(1),
});

/** Unknown or missing values fall back to the defaults: a hand-edited link still shows the list. */
export const sourceListParamsSchema = schema.transform(({ q, health, sort, dir, page }) => {
  const match = SORT_TOKEN.exec(sort);
  const column = (match?.[1] ?? "name") as SourceSort;
  const direction = (match?.[2] as SortDirection | undefined) ?? (match ? dir : undefined);
  return { q, health, sort: column, dir: direction ?? DEFAULT_DIRECTION[column], page };
});
export type SourceListParams = z.output<typeof sourceListParamsSchema>;

/** Whether the list shows fewer than every source: what its counts and "Clear filters" say. */
export function isFiltered(params: Pick<SourceListParams, "q" | "health">): boolean {
  return Boolean(params.q) || params.health !== "all";
}

export type SourceListRow = {
  id: string;
  name: string;
  logType: string;
  paused: boolean;
  health: SourceHealth;
  lastEventReceivedAt: Date | null;
  lastEventStoredAt: Date | null;
  activity: number[];
  events24h: number;
  /** Coverage windows of the last 7 days by state, and how far verified against Rapid7. */
  completeness: Completeness;
};

/**
 * What filtering and sorting read of a source. Health and volume cost a query over every
 * source, so they are there (not null) only when the URL filters or sorts by them
 * (listNeeds); the default view, by name, needs neither, and the rest of a row is then
 * loaded for the page shown alone.
 */
export type SourceListKeys = {
  id: string;
  name: string;
  logType: string;
  lastEventReceivedAt: Date | null;
  lastEventStoredAt: Date | null;
  healthStatus: SourceHealth["status"] | null;
  events24h: number | null;
};

export function listNeeds(params: SourceListParams): { health: boolean; volume: boolean } {
  return { health: params.health !== "all" || params.sort === "health", volume: params.sort === "events_24h" };
}

const HEALTH_ORDER: Record<SourceHealth["status"], number> = { unhealthy: 0, pending: 1, healthy: 2, paused: 3 };

const time = (value: Date | null) => value?.getTime() ?? Number.NEGATIVE_INFINITY;
const healthRank = (status: SourceHealth["status"] | null) => (status === null ? 0 : HEALTH_ORDER[status]);

/**
 * Each column in ascending order; the direction flips it, and ties always go by name, A–Z,
 * then by id: two names can compare equal, and pages must not swap them between requests.
 */
const ASCENDING: Record<SourceSort, (a: SourceListKeys, b: SourceListKeys) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  health: (a, b) => healthRank(a.healthStatus) - healthRank(b.healthStatus),
  last_event: (a, b) => Math.sign(time(a.lastEventReceivedAt) - time(b.lastEventReceivedAt)) || 0,
  last_processed: (a, b) => Math.sign(time(a.lastEventStoredAt) - time(b.lastEventStoredAt)) || 0,
  events_24h: (a, b) => (a.events24h ?? 0) - (b.events24h ?? 0),
};

export function filterAndSort<Row extends SourceListKeys>(rows: Row[], params: SourceListParams): Row[] {
  const needle = params.q.toLowerCase();
  const filtered = rows.filter(
    (row) =>
      (!needle || row.name.toLowerCase().includes(needle) || row.logType.toLowerCase().includes(needle)) &&
      (params.health === "all" || row.healthStatus === params.health),
  );
  const sign = params.dir === "asc" ? 1 : -1;
  const compare = ASCENDING[params.sort];
  return filtered.sort(
    (a, b) => sign * compare(a, b) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * Rows a page of the list shows. A thousand sources rendered at once made the page
 * 10 MB of HTML and a second of server time for every visit; fifty fit a screen or two.
 */
export const SOURCE_PAGE_SIZE = 50;

export type SourceListPage<Row> = {
  rows: Row[];
  /** 1-based; the last page when the URL asked for one past it (a source was removed, filters narrowed). */
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last row shown among all that match; 0 when none do. */
  first: number;
  last: number;
  matching: number;
};

export function pageOf<Row>(rows: Row[], requested: number): SourceListPage<Row> {
  const pageCount = Math.max(1, Math.ceil(rows.length / SOURCE_PAGE_SIZE));
  const page = Math.min(Math.max(1, requested), pageCount);
  const start = (page - 1) * SOURCE_PAGE_SIZE;
  const shown = rows.slice(start, start + SOURCE_PAGE_SIZE);
  return {
    rows: shown,
    page,
    pageCount,
    first: shown.length ? start + 1 : 0,
    last: start + shown.length,
    matching: rows.length,
  };
}

/**
 * The list's URL with some parameters changed. Defaults are left out, so links stay
 * short and the default direction of a newly chosen column applies. A new sort or
 * filter starts again at the first page; only a change of page keeps the others.
 */
export function sourceListHref(
  params: SourceListParams,
  changes: Partial<Pick<SourceListParams, "sort" | "dir" | "page">> = {},
): string {
  const next = { ...params, ...changes };
  if (changes.sort !== undefined && changes.dir === undefined) next.dir = DEFAULT_DIRECTION[next.sort];
  if (changes.page === undefined) next.page = 1;
  const query = new URLSearchParams();
  if (next.q) query.set("q", next.q);
  if (next.health !== "all") query.set("health", next.health);
  const sort = sortToken(next.sort, next.dir);
  if (sort !== "name") query.set("sort", sort);
  if (next.page > 1) query.set("page", String(next.page));
  const text = query.toString();
  return text ? `/log-sources?${text}` : "/log-sources";
}

/** Where a column's header links to: that column in its default order, or the other way round when it is already the sort. */
export function columnSortHref(params: SourceListParams, column: SourceSort): string {
  if (params.sort !== column) return sourceListHref(params, { sort: column });
  return sourceListHref(params, { dir: params.dir === "asc" ? "desc" : "asc" });
}
