import { db } from "@/lib/db";
import { hourlyActivity } from "./activity";
import { completenessOf } from "./coverage/view";
import { healthOf } from "./health/load";
import {
  filterAndSort,
  pageOf,
  type SourceListPage,
  type SourceListParams,
  type SourceListRow,
  sourceListParamsSchema,
} from "./list-view";
import { listSources } from "./service";

/** The completeness column looks at this many days of coverage windows. */
const COMPLETENESS_DAYS = 7;

/** `total` counts every source; the page holds those matching the filters, one page of them. */
export type SourceDashboard = { params: SourceListParams; total: number } & SourceListPage<SourceListRow>;

/** Whether there is anything to filter: without sources the list shows how to connect the first. */
export async function hasAnySources(): Promise<boolean> {
  return (await db.logSource.findFirst({ select: { id: true } })) !== null;
}

/**
 * The Log Sources dashboard: every source with its health, last event received, last
 * processed and events per hour over the last day, filtered, sorted and paged as the URL
 * says. Health and sort need every source (a sort by health or volume spans them all);
 * only the page shown is rendered. Any signed-in person may see it.
 */
export async function sourceDashboard(
  searchParams: Record<string, unknown>,
  now = new Date(),
): Promise<SourceDashboard> {
  const params = sourceListParamsSchema.parse(searchParams);
  const sources = await listSources();
  const ids = sources.map((s) => s.id);
  const [health, activity, completeness] = await Promise.all([
    healthOf(sources, now),
    hourlyActivity(ids, 24, now),
    completenessOf(ids, new Date(now.getTime() - COMPLETENESS_DAYS * 86_400_000)),
  ]);
  const rows = sources.map((source): SourceListRow => {
    const series = activity.get(source.id) ?? [];
    return {
      id: source.id,
      name: source.name,
      logType: source.logType,
      paused: source.paused,
      health: health.get(source.id)!,
      lastEventReceivedAt: source.state?.lastEventReceivedAt ?? null,
      lastEventStoredAt: source.state?.lastEventStoredAt ?? null,
      activity: series,
      events24h: series.reduce((sum, value) => sum + value, 0),
      completeness: completeness.get(source.id)!,
    };
  });
  return { params, total: sources.length, ...pageOf(filterAndSort(rows, params), params.page) };
}
