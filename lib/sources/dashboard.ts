import { db } from "@/lib/db";
import { hourlyActivity } from "./activity";
import { completenessOf } from "./coverage/view";
import { healthOf } from "./health/load";
import {
  filterAndSort,
  listNeeds,
  pageOf,
  type SourceListKeys,
  type SourceListPage,
  type SourceListParams,
  type SourceListRow,
  sourceListParamsSchema,
} from "./list-view";
import { listSourceListKeys, listSources, type SourceSummary } from "./service";

/** The completeness column looks at this many days of coverage windows. */
const COMPLETENESS_DAYS = 7;

/** `total` counts every source; the page holds those matching the filters, one page of them. */
export type SourceDashboard = { params: SourceListParams; total: number } & SourceListPage<SourceListRow>;

/** Whether there is anything to filter: without sources the list shows how to connect the first. */
export async function hasAnySources(): Promise<boolean> {
  return (await db.logSource.findFirst({ select: { id: true } })) !== null;
}

const sum = (values: number[] | undefined) => (values ?? []).reduce((total, value) => total + value, 0);

/**
 * The Log Sources dashboard: every source with its health, last event received, last
 * processed and events per hour over the last day, filtered, sorted and paged as the URL
 * says. Any signed-in person may see it.
 *
 * Filtering and sorting span every source, but only with what they read: by name or by
 * time, that is a row per source and nothing more, and health, volume and completeness
 * are then worked out for the page shown alone. With a thousand sources, health for all
 * of them on every view was most of the page's cost. Filtering or sorting by health or
 * volume works those out for every source first.
 */
export async function sourceDashboard(
  searchParams: Record<string, unknown>,
  now = new Date(),
): Promise<SourceDashboard> {
  const params = sourceListParamsSchema.parse(searchParams);
  const needs = listNeeds(params);
  const [keys, everySource] = await Promise.all([listSourceListKeys(), needs.health ? listSources() : null]);
  const [everyHealth, everyActivity] = await Promise.all([
    everySource ? healthOf(everySource, now) : null,
    needs.volume
      ? hourlyActivity(
          keys.map((key) => key.id),
          24,
          now,
        )
      : null,
  ]);
  const sortable = keys.map((key): SourceListKeys => ({
    ...key,
    healthStatus: everyHealth?.get(key.id)?.status ?? null,
    events24h: everyActivity ? sum(everyActivity.get(key.id)) : null,
  }));
  const { shown, page, summaries, gone } = await pageOfLiveSources(sortable, params, everySource);

  const ids = shown.map((key) => key.id);
  const [health, activity, completeness] = await Promise.all([
    everyHealth ?? healthOf(summaries, now),
    everyActivity ?? hourlyActivity(ids, 24, now),
    completenessOf(ids, new Date(now.getTime() - COMPLETENESS_DAYS * 86_400_000)),
  ]);
  const byId = new Map(summaries.map((source) => [source.id, source]));
  const rows = shown.flatMap((key): SourceListRow[] => {
    const source = byId.get(key.id);
    const sourceHealth = health.get(key.id);
    if (!source || !sourceHealth) return [];
    const series = activity.get(key.id) ?? [];
    return [
      {
        id: source.id,
        name: source.name,
        logType: source.logType,
        paused: source.paused,
        health: sourceHealth,
        lastEventReceivedAt: source.state?.lastEventReceivedAt ?? null,
        lastEventStoredAt: source.state?.lastEventStoredAt ?? null,
        activity: series,
        events24h: sum(series),
        completeness: completeness.get(key.id)!,
      },
    ];
  });
  return { params, total: keys.length - gone, ...page, rows };
}

/**
 * The page the URL asks for, with the full row of each of its sources. A source deleted
 * after every source's keys were read is missing from the rows read for the page: it is
 * dropped and the page cut again. Otherwise the page would hold a row fewer than its
 * counts say, and the source that should fill the gap would be on neither page. Each
 * round drops at least one source, so deletions racing the reads cannot loop it.
 */
async function pageOfLiveSources(
  sortable: SourceListKeys[],
  params: SourceListParams,
  everySource: SourceSummary[] | null,
): Promise<{
  shown: SourceListKeys[];
  page: Omit<SourceListPage<unknown>, "rows">;
  summaries: SourceSummary[];
  gone: number;
}> {
  const read = new Map((everySource ?? []).map((source) => [source.id, source]));
  // With every source read up front, a source missing from that read is gone already.
  const gone = new Set(everySource ? sortable.filter((key) => !read.has(key.id)).map((key) => key.id) : []);
  for (;;) {
    const live = gone.size ? sortable.filter((key) => !gone.has(key.id)) : sortable;
    const { rows: shown, ...page } = pageOf(filterAndSort(live, params), params.page);
    const unread = shown.map((key) => key.id).filter((id) => !read.has(id));
    for (const source of unread.length && !everySource ? await listSources(unread) : []) read.set(source.id, source);
    for (const id of unread) if (!read.has(id)) gone.add(id);
    if (shown.every((key) => read.has(key.id)))
      return { shown, page, summaries: shown.map((key) => read.get(key.id)!), gone: gone.size };
  }
}
