import { db } from "@/lib/db";
import type { SourceSummary } from "../service";
import { describeHealth, type SourceHealth } from "./describe";
import { assessHealth, CLASSIFICATION_WINDOW_MS } from "./rules";

/** Health for a list of sources, with one query for all their recent classification failures. */
export async function healthOf(sources: SourceSummary[], now = new Date()): Promise<Map<string, SourceHealth>> {
  const since = new Date(now.getTime() - CLASSIFICATION_WINDOW_MS);
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
      const findings = assessHealth(
        {
          ...source,
          recentFailures: recent?._count._all ?? 0,
          oldestRecentFailureAt: recent?._min.createdAt ?? null,
        },
        now,
      );
      return [source.id, describeHealth(findings, now)];
    }),
  );
}
