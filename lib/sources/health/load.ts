import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { workerStatus } from "@/lib/liveness/workers";
import { MAX_ATTEMPTS } from "../coverage/windows";
import type { SourceSummary } from "../service";
import { volumeFactsOf } from "../volume";
import { describeHealth, type SourceHealth } from "./describe";
import { healthState, recordHealthStates } from "./history";
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

/**
 * Health for a list of sources: one query for all their recent classification failures,
 * one for their volume baselines, the worker's liveness, and the history (which records
 * any change it sees, and says since when each source is in its state).
 */
export async function healthOf(sources: SourceSummary[], now = new Date()): Promise<Map<string, SourceHealth>> {
  const since = new Date(now.getTime() - CLASSIFICATION_WINDOW_MS);
  const settings = env();
  const [failures, volumes, worker] = await Promise.all([
    sources.length
      ? db.classificationFailure.groupBy({
          by: ["sourceId"],
          where: { sourceId: { in: sources.map((s) => s.id) }, createdAt: { gte: since } },
          _count: { _all: true },
          _min: { createdAt: true },
        })
      : [],
    volumeFactsOf(sources, now),
    workerStatus(settings.INTAKE_HEARTBEAT_SECONDS, now),
  ]);
  const bySource = new Map(failures.map((row) => [row.sourceId, row]));
  const differences = await coverageDifferencesOf(sources.map((s) => s.id));
  const assessed = sources.map((source) => {
    const recent = bySource.get(source.id);
    const findings = assessHealth(
      {
        ...source,
        recentFailures: recent?._count._all ?? 0,
        oldestRecentFailureAt: recent?._min.createdAt ?? null,
        transientHoldMinutes: settings.INTAKE_TRANSIENT_HOLD_MINUTES,
        worker: worker.state,
        volume: volumes.get(source.id) ?? null,
        coverageDifferences: differences.get(source.id),
      },
      now,
    );
    return { id: source.id, health: describeHealth(findings, now) };
  });
  const sinceBySource = await recordHealthStates(
    new Map(assessed.map(({ id, health }) => [id, healthState(health)])),
    now,
  );
  return new Map(assessed.map(({ id, health }) => [id, { ...health, since: sinceBySource.get(id) ?? null }]));
}
