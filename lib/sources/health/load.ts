import { db } from "@/lib/db";
import { MAX_ATTEMPTS } from "../coverage/windows";
import type { SourceSummary } from "../service";
import { describeHealth, type SourceHealth } from "./describe";
import { assessHealth, CLASSIFICATION_WINDOW_MS } from "./rules";

async function coverageDifferencesOf(sourceIds: string[]) {
  const rows = sourceIds.length
    ? await db.coverageWindow.groupBy({
        by: ["sourceId", "state"],
        where: {
          sourceId: { in: sourceIds },
          // A short window counts once reconciliation has given up re-reading it.
          OR: [{ state: "over" }, { state: "short", attempts: { gte: MAX_ATTEMPTS } }],
        },
        _count: { _all: true },
        _min: { startsAt: true },
      })
    : [];
  const out = new Map<string, { short: number; over: number; since: Date | null }>();
  for (const row of rows) {
    const entry = out.get(row.sourceId) ?? { short: 0, over: 0, since: null };
    entry[row.state === "over" ? "over" : "short"] += row._count._all;
    const since = row._min.startsAt;
    if (since && (!entry.since || since < entry.since)) entry.since = since;
    out.set(row.sourceId, entry);
  }
  return out;
}

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
  const differences = await coverageDifferencesOf(sources.map((s) => s.id));
  return new Map(
    sources.map((source) => {
      const recent = bySource.get(source.id);
      const findings = assessHealth(
        {
          ...source,
          recentFailures: recent?._count._all ?? 0,
          oldestRecentFailureAt: recent?._min.createdAt ?? null,
          coverageDifferences: differences.get(source.id),
        },
        now,
      );
      return [source.id, describeHealth(findings, now)];
    }),
  );
}
