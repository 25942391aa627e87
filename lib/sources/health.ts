import { db } from "@/lib/db";
import { computeHealth, type SourceHealth } from "@/lib/ingestion/health";
import type { SourceSummary } from "./service";

/** Health for a list of sources, with one query for all their recent classification failures. */
export async function healthOf(sources: SourceSummary[], now = new Date()): Promise<Map<string, SourceHealth>> {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const failures = sources.length
    ? await db.classificationFailure.groupBy({
        by: ["sourceId"],
        where: { sourceId: { in: sources.map((s) => s.id) }, createdAt: { gte: since } },
        _count: { _all: true },
        _min: { createdAt: true },
      })
    : [];
  const bySource = new Map(failures.map((row) => [row.sourceId, row]));
  return new Map(
    sources.map((source) => {
      const recent = bySource.get(source.id);
      return [
        source.id,
        computeHealth(
          {
            region: source.region,
            paused: source.paused,
            pullIntervalMinutes: source.pullIntervalMinutes,
            noEventsThresholdMinutes: source.noEventsAlertEnabled ? source.noEventsThresholdMinutes : null,
            createdAt: source.createdAt,
            state: source.state,
            failuresLast24h: recent?._count._all ?? 0,
            oldestFailureLast24h: recent?._min.createdAt ?? null,
          },
          now,
        ),
      ];
    }),
  );
}
