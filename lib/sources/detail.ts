import { db } from "@/lib/db";
import type { SourceHealth } from "./health/describe";
import { healthOf } from "./health/load";
import { CLASSIFICATION_WINDOW_MS } from "./health/rules";
import { getSource, type SourceSummary } from "./service";

/** Everything the source page shows above its tabs and on Overview, in a handful of queries. */
export type SourceDetail = {
  source: SourceSummary;
  health: SourceHealth;
  rateLimits: { family: string; limit: number; remaining: number; resetAt: Date }[];
  latestRun: {
    status: string;
    startedAt: Date;
    finishedAt: Date | null;
    eventsNew: number;
    errorMessage: string | null;
  } | null;
  running: boolean;
  /** Classification failures stored in the last 24 hours (the Classification failures tab's badge). */
  recentFailures: number;
};

/** Loads a source (NotFoundError for a missing or deleted one) before reading anything else about it. */
export async function getSourceDetail(sourceId: string, now = new Date()): Promise<SourceDetail> {
  const source = await getSource(sourceId);
  const [health, fingerprint, latestRun, recentFailures] = await Promise.all([
    healthOf([source], now),
    db.logSource.findUniqueOrThrow({ where: { id: sourceId }, select: { apiKeyFingerprint: true } }),
    db.pullRun.findFirst({
      where: { sourceId },
      orderBy: { startedAt: "desc" },
      select: { status: true, startedAt: true, finishedAt: true, eventsNew: true, errorMessage: true },
    }),
    db.classificationFailure.count({
      where: { sourceId, createdAt: { gte: new Date(now.getTime() - CLASSIFICATION_WINDOW_MS) } },
    }),
  ]);
  const rateLimits = await db.rateLimitState.findMany({
    where: { keyFingerprint: fingerprint.apiKeyFingerprint, resetAt: { gt: now } },
    orderBy: { family: "asc" },
  });
  return {
    source,
    health: health.get(sourceId)!,
    rateLimits: rateLimits.map(({ family, limit, remaining, resetAt }) => ({ family, limit, remaining, resetAt })),
    latestRun,
    running: latestRun?.status === "running",
    recentFailures,
  };
}

export async function listPullRuns(sourceId: string, limit = 50) {
  await getSource(sourceId);
  return db.pullRun.findMany({ where: { sourceId }, orderBy: { startedAt: "desc" }, take: limit });
}
