import { z } from "zod";
import type { SourceHealth } from "@/lib/ingestion/health";

/** Filters and sort of the Log Sources list, read from the URL. */
export const sourceListParamsSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  health: z.enum(["all", "healthy", "unhealthy", "paused", "pending"]).catch("all"),
  sort: z.enum(["name", "health", "last_event", "events_24h"]).catch("name"),
});
export type SourceListParams = z.infer<typeof sourceListParamsSchema>;

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
};

const HEALTH_ORDER: Record<SourceHealth["status"], number> = { unhealthy: 0, pending: 1, healthy: 2, paused: 3 };

export function filterAndSort(rows: SourceListRow[], params: SourceListParams): SourceListRow[] {
  const needle = params.q.toLowerCase();
  const filtered = rows.filter(
    (row) => (!needle || row.name.toLowerCase().includes(needle) || row.logType.toLowerCase().includes(needle)) && (params.health === "all" || row.health.status === params.health),
  );
  const byName = (a: SourceListRow, b: SourceListRow) => a.name.localeCompare(b.name);
  const time = (value: Date | null) => value?.getTime() ?? 0;
  const comparators: Record<SourceListParams["sort"], (a: SourceListRow, b: SourceListRow) => number> = {
    name: byName,
    health: (a, b) => HEALTH_ORDER[a.health.status] - HEALTH_ORDER[b.health.status] || byName(a, b),
    last_event: (a, b) => time(b.lastEventReceivedAt) - time(a.lastEventReceivedAt) || byName(a, b),
    events_24h: (a, b) => b.events24h - a.events24h || byName(a, b),
  };
  return filtered.sort(comparators[params.sort]);
}
