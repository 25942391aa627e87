import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { workerStatus } from "@/lib/liveness/workers";
import type { SourceSummary } from "../service";
import { volumeFactsOf } from "../volume";
import { describeHealth, type SourceHealth } from "./describe";
import { healthState, recordHealthStates } from "./history";
import { assessHealth, CLASSIFICATION_WINDOW_MS } from "./rules";

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
