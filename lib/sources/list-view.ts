import { z } from "zod";
import type { Completeness } from "./coverage/view";
import type { SourceHealth } from "./health/describe";

/**
 * Filters and sort of the Log Sources list, read from the URL: q (name or type), health,
 * sort (a column) and dir (asc or desc; each column has its own default, the order
 * people usually want first). Isomorphic: the page builds its links with it too.
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

const schema = z.object({
  q: z.string().trim().max(100).catch(""),
  health: z.enum(["all", "healthy", "unhealthy", "paused", "pending"]).catch("all"),
  sort: z.enum(SOURCE_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
});

/** Unknown or missing values fall back to the defaults: a hand-edited link still shows the list. */
export const sourceListParamsSchema = schema.transform((value) => ({
  ...value,
  dir: value.dir ?? DEFAULT_DIRECTION[value.sort],
}));
export type SourceListParams = z.output<typeof sourceListParamsSchema>;

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

const HEALTH_ORDER: Record<SourceHealth["status"], number> = { unhealthy: 0, pending: 1, healthy: 2, paused: 3 };

const time = (value: Date | null) => value?.getTime() ?? Number.NEGATIVE_INFINITY;

/** Each column in ascending order; the direction flips it, and ties always go by name, A–Z. */
const ASCENDING: Record<SourceSort, (a: SourceListRow, b: SourceListRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  health: (a, b) => HEALTH_ORDER[a.health.status] - HEALTH_ORDER[b.health.status],
  last_event: (a, b) => Math.sign(time(a.lastEventReceivedAt) - time(b.lastEventReceivedAt)) || 0,
  last_processed: (a, b) => Math.sign(time(a.lastEventStoredAt) - time(b.lastEventStoredAt)) || 0,
  events_24h: (a, b) => a.events24h - b.events24h,
};

export function filterAndSort(rows: SourceListRow[], params: SourceListParams): SourceListRow[] {
  const needle = params.q.toLowerCase();
  const filtered = rows.filter(
    (row) =>
      (!needle || row.name.toLowerCase().includes(needle) || row.logType.toLowerCase().includes(needle)) &&
      (params.health === "all" || row.health.status === params.health),
  );
  const sign = params.dir === "asc" ? 1 : -1;
  const compare = ASCENDING[params.sort];
  return filtered.sort((a, b) => sign * compare(a, b) || a.name.localeCompare(b.name));
}

/**
 * The list's URL with some parameters changed. Defaults are left out, so links stay
 * short and the default direction of a newly chosen column applies.
 */
export function sourceListHref(
  params: SourceListParams,
  changes: Partial<Pick<SourceListParams, "sort" | "dir">> = {},
): string {
  const next = { ...params, ...changes };
  if (changes.sort !== undefined && changes.dir === undefined) next.dir = DEFAULT_DIRECTION[next.sort];
  const query = new URLSearchParams();
  if (next.q) query.set("q", next.q);
  if (next.health !== "all") query.set("health", next.health);
  if (next.sort !== "name") query.set("sort", next.sort);
  if (next.dir !== DEFAULT_DIRECTION[next.sort]) query.set("dir", next.dir);
  const text = query.toString();
  return text ? `/log-sources?${text}` : "/log-sources";
}

/** Where a column's header links to: that column in its default order, or the other way round when it is already the sort. */
export function columnSortHref(params: SourceListParams, column: SourceSort): string {
  if (params.sort !== column) return sourceListHref(params, { sort: column });
  return sourceListHref(params, { dir: params.dir === "asc" ? "desc" : "asc" });
}
