import { hourlyActivity } from "./activity";
import { healthOf } from "./health/load";
import { filterAndSort, type SourceListParams, type SourceListRow, sourceListParamsSchema } from "./list-view";
import { listSources } from "./service";

/**
 * The Log Sources dashboard: every source with its health, last event received, last
 * processed and events per hour over the last day, filtered and sorted as the URL says.
 * Any signed-in person may see it.
 */
export type SourceDashboard = { params: SourceListParams; total: number; rows: SourceListRow[] };

export async function sourceDashboard(
  searchParams: Record<string, unknown>,
  now = new Date(),
): Promise<SourceDashboard> {
  const params = sourceListParamsSchema.parse(searchParams);
  const sources = await listSources();
  const [health, activity] = await Promise.all([
    healthOf(sources, now),
    hourlyActivity(
      sources.map((s) => s.id),
      24,
      now,
    ),
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
    };
  });
  return { params, total: sources.length, rows: filterAndSort(rows, params) };
}
