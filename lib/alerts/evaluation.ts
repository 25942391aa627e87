import { db } from "@/lib/db";
import type { HEALTH_ALERT_KINDS } from "./schemas";
import { raiseAlert, resolveAlertByKey } from "./service";

/**
 * What one alerts evaluation shares between its rules (./health-alerts.ts,
 * ./security-alert.ts, ./low-volume-alert.ts): the time, the open alerts by key, what was
 * raised and resolved, and the moves every rule makes (raise, resolve, touch).
 */
export type EvaluationSummary = { sources: number; raised: string[]; resolved: string[]; skipped?: string };

export type OpenAlert = {
  id: string;
  kind: string;
  dedupKey: string;
  sourceId: string | null;
  context: unknown;
  lastSeenAt: Date;
  description: string | null;
  severity: string;
};

export function alertKey(kind: (typeof HEALTH_ALERT_KINDS)[number], sourceId: string): string {
  return `${kind}:${sourceId}`;
}

export type Evaluation = {
  now: Date;
  openByKey: Map<string, OpenAlert>;
  summary: EvaluationSummary;
  holdMinutes: number;
};

export async function resolve(key: string, resolution: string, { now, summary }: Evaluation): Promise<void> {
  if (await resolveAlertByKey(key, resolution, now)) summary.resolved.push(key);
}

export async function raise(
  key: string,
  input: Omit<Parameters<typeof raiseAlert>[0], "dedupKey" | "at">,
  { now, summary }: Evaluation,
): Promise<void> {
  const { created } = await raiseAlert({ ...input, dedupKey: key, at: now });
  if (created) summary.raised.push(key);
}

/** The problem persists: move the open alert's last-seen time (no activity entry: that would add one a minute). */
export async function touch(alert: OpenAlert, now: Date, description?: string): Promise<void> {
  if (alert.lastSeenAt >= now && (description === undefined || description === alert.description)) return;
  await db.alert.updateMany({
    where: { id: alert.id, status: "open" },
    data: {
      ...(alert.lastSeenAt < now ? { lastSeenAt: now } : {}),
      ...(description !== undefined ? { description } : {}),
    },
  });
}

/** When an admin last resolved the latest alert for this key by hand (null if the latest one was not resolved by a person). */
export async function manuallyResolvedAt(key: string): Promise<Date | null> {
  const latest = await db.alert.findFirst({
    where: { dedupKey: key },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { status: true, resolvedById: true, resolvedAt: true },
  });
  return latest?.status === "resolved" && latest.resolvedById ? latest.resolvedAt : null;
}

export const PAUSED = "The source was paused, so Intake stopped checking it.";
