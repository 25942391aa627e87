import { db, pool } from "@/lib/db";
import { env } from "@/lib/env";
import { healthOf } from "@/lib/sources/health/load";
import { pullsKeepFailing, rejectedKey, silenceOf } from "@/lib/sources/health/rules";
import { listSources, type SourceSummary } from "@/lib/sources/service";
import { formatDateTime } from "@/lib/text/format";
import {
  alertKey,
  type Evaluation,
  type EvaluationSummary,
  manuallyResolvedAt,
  type OpenAlert,
  PAUSED,
  raise,
  resolve,
  touch,
} from "./evaluation";
import { coverageGap } from "./coverage-alert";
import { lowVolume } from "./low-volume-alert";
import { securitySilence } from "./security-alert";
import { HEALTH_ALERT_KINDS } from "./schemas";

/**
 * Intake's own alerts about its sources, evaluated every minute (alerts.evaluate). Whether
 * a problem exists is decided by the sources' health rules (lib/sources/health/rules.ts:
 * the same thresholds and silence clock as the Health tab); this module decides when an
 * alert opens, stays and resolves, and what it says:
 *
 * - no_events (critical): the alert is on, the source is not paused, and no event was
 *   stored for longer than its threshold (counted from the last stored event, or from when
 *   the source was added if it never stored one). Resolved when events are stored again, or
 *   when the alert is turned off or the source paused.
 * - credentials (critical): Rapid7 rejects the key (invalid) or it may not read audit
 *   logs (forbidden). Resolved when a re-check or a pull finds the key works.
 * - pull_failing (high): PULL_FAILING_AFTER (3) or more pulls in a row failed for reasons
 *   other than the key.
 *   Resolved after a successful pull. Transient errors (429, 5xx) count only once they
 *   outlast INTAKE_TRANSIENT_HOLD_MINUTES, as on the Health tab.
 * - security_silence (critical): the source went silent in a way that looks like someone
 *   cutting the audit trail (key revoked, its rights reduced, audit log gone), with the
 *   last people and actions seen before (./security-alert.ts). Resolved when the cause is gone.
 * - low_volume (medium, high on the error level): the last full hour was far below the
 *   source's usual volume for that hour of the week (./low-volume-alert.ts). Resolved when
 *   volume is back, during a maintenance window, or when the alert is turned off.
 * - coverage (critical when Intake holds more than Rapid7 counts, high when records stay
 *   missing after re-reading): a coverage window still differs from Rapid7's own count
 *   (./coverage-alert.ts). Resolved when no window differs any more.
 *
 * One alert per source and kind (dedup key "<kind>:<sourceId>") while the problem lasts;
 * later evaluations only move its last-seen time. An admin who resolves one by hand
 * while the problem persists gets it back once a later check still finds the problem: a
 * full threshold later for no_events, the next credential re-check, the next failed pull.
 */
type SourceRow = SourceSummary;

export async function evaluateSourceAlerts(now: Date = new Date()): Promise<EvaluationSummary> {
  const lock = await pool().connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended('intake:alerts:evaluate', 0)) AS locked",
    );
    if (!rows[0]?.locked) return { sources: 0, raised: [], resolved: [], skipped: "another evaluation is running" };
    try {
      return await evaluate(now);
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtextextended('intake:alerts:evaluate', 0))");
    }
  } finally {
    lock.release();
  }
}

async function evaluate(now: Date): Promise<EvaluationSummary> {
  // Health as the pages see it (which also records its changes in the health history).
  const sources = await listSources();
  const health = await healthOf(sources, now);
  const openAlerts: OpenAlert[] = await db.alert.findMany({
    where: { status: "open", kind: { in: [...HEALTH_ALERT_KINDS] } },
    select: {
      id: true,
      kind: true,
      dedupKey: true,
      sourceId: true,
      context: true,
      lastSeenAt: true,
      description: true,
      severity: true,
    },
  });
  const openByKey = new Map(openAlerts.map((alert) => [alert.dedupKey, alert]));
  const summary: EvaluationSummary = { sources: sources.length, raised: [], resolved: [] };
  const evaluation: Evaluation = { now, openByKey, summary, holdMinutes: env().INTAKE_TRANSIENT_HOLD_MINUTES };

  for (const source of sources) {
    const sourceHealth = health.get(source.id)!;
    await noEvents(source, evaluation);
    await credentials(source, evaluation);
    await pullFailing(source, evaluation);
    await securitySilence(source, sourceHealth, evaluation);
    await lowVolume(source, sourceHealth, evaluation);
    await coverageGap(source, sourceHealth, evaluation);
  }
  // Alerts whose source was deleted cannot clear by themselves: purged (source_id set to
  // null by the foreign key) or deleted keeping its events (the row is still there).
  const live = new Set(sources.map((source) => source.id));
  for (const alert of openAlerts) {
    if (alert.sourceId === null || !live.has(alert.sourceId))
      await resolve(alert.dedupKey, "The source was deleted.", evaluation);
  }
  return summary;
}

async function noEvents(source: SourceRow, evaluation: Evaluation): Promise<void> {
  const { now, openByKey } = evaluation;
  const key = alertKey("no_events", source.id);
  const open = openByKey.get(key);
  const lastStored = source.state?.lastEventStoredAt ?? null;
  const baseline = lastStored ?? source.createdAt;

  if (open) {
    const since = episodeOf(open) ?? baseline;
    if (lastStored && lastStored > since) {
      const stored = await db.event.count({ where: { sourceId: source.id, storedAt: { gt: since } } });
      return resolve(key, `Events are flowing again: ${stored} stored since ${formatDateTime(since)}.`, evaluation);
    }
    if (source.paused) return resolve(key, PAUSED, evaluation);
    if (!source.noEventsAlertEnabled)
      return resolve(key, "The no-events alert was turned off for this source.", evaluation);
    return touch(open, now);
  }
  if (source.paused || !silenceOf(source, lastStored, now)?.exceeded) return;
  // An admin resolved the last one by hand while it was still silent: count again from then.
  const manual = await manuallyResolvedAt(key);
  if (manual && !silenceOf(source, lastStored, now, manual)?.exceeded) return;

  const threshold = formatMinutes(source.noEventsThresholdMinutes);
  const pulls = source.state?.lastSuccessfulPullAt
    ? `The last successful pull finished ${formatDateTime(source.state.lastSuccessfulPullAt)}${
        source.state.lastSuccessfulPullAt > baseline
          ? ": Rapid7 answers, but has no new events for this source. Check that audit logging is still enabled in Rapid7."
          : "."
      }`
    : "No pull of this source has succeeded yet: check the source's health on Log Sources.";
  await raise(
    key,
    {
      kind: "no_events",
      severity: "critical",
      title: `No events from ${source.name} for ${threshold}`,
      description: `${
        lastStored
          ? `Intake has stored no new event from this source since ${formatDateTime(lastStored)}`
          : `Intake has not stored any event from this source since it was added (${formatDateTime(source.createdAt)})`
      }, longer than its no-events threshold of ${threshold}. ${pulls}`,
      sourceId: source.id,
      context: {
        episode: baseline.toISOString(),
        lastEventStoredAt: lastStored?.toISOString() ?? null,
        thresholdMinutes: source.noEventsThresholdMinutes,
      },
    },
    evaluation,
  );
}

/** The silence an open no_events alert is about: events stored after this resolve it. */
function episodeOf(alert: OpenAlert): Date | null {
  const context = alert.context as { episode?: unknown } | null;
  if (typeof context?.episode !== "string") return null;
  const date = new Date(context.episode);
  return Number.isNaN(date.getTime()) ? null : date;
}

async function credentials(source: SourceRow, evaluation: Evaluation): Promise<void> {
  const { now, openByKey } = evaluation;
  const key = alertKey("credentials", source.id);
  const open = openByKey.get(key);
  const state = source.state;
  const status = rejectedKey(state ?? null);

  if (open) {
    if (status === null) {
      const checked = state?.credentialsCheckedAt ?? state?.lastSuccessfulPullAt;
      return resolve(
        key,
        `Rapid7 accepts the API key again${checked ? ` (checked ${formatDateTime(checked)})` : ""}.`,
        evaluation,
      );
    }
    if (source.paused) return resolve(key, PAUSED, evaluation);
    return touch(open, now);
  }
  if (status === null || source.paused || !state) return;
  const manual = await manuallyResolvedAt(key);
  if (manual && (!state.credentialsCheckedAt || state.credentialsCheckedAt <= manual)) return;

  const invalid = status === "invalid";
  await raise(
    key,
    {
      kind: "credentials",
      severity: "critical",
      title: invalid
        ? `Rapid7 rejects the API key of ${source.name}`
        : `The API key of ${source.name} may not read audit logs`,
      description: `${state.credentialsMessage ?? (invalid ? "Rapid7 rejects the API key." : "The API key may not read audit logs.")} Pulling is stopped until the key works. ${
        invalid
          ? "Replace the API key in the source's settings; Intake re-checks it every 15 minutes."
          : "Give the key Administrator rights in Rapid7, or replace it with an organization key."
      }`,
      sourceId: source.id,
      context: { credentialsStatus: status, checkedAt: state.credentialsCheckedAt?.toISOString() ?? null },
    },
    evaluation,
  );
}

async function pullFailing(source: SourceRow, evaluation: Evaluation): Promise<void> {
  const { now, openByKey } = evaluation;
  const key = alertKey("pull_failing", source.id);
  const open = openByKey.get(key);
  const state = source.state;
  const failures = state?.consecutiveFailures ?? 0;
  // The same count that makes the source's health unhealthy, escalated once it persists.
  const failing = pullsKeepFailing(state ?? null, now, evaluation.holdMinutes);
  const describe = () =>
    `${failures} pulls in a row failed. Last error${state?.lastErrorKind ? ` (${state.lastErrorKind})` : ""}${
      state?.lastErrorAt ? ` at ${formatDateTime(state.lastErrorAt)}` : ""
    }: ${state?.lastErrorMessage ?? "unknown error"} Intake keeps retrying with backoff; Pull history on the source has every error.`;

  if (open) {
    if (failures === 0) {
      return resolve(
        key,
        `A pull succeeded again${state?.lastSuccessfulPullAt ? ` at ${formatDateTime(state.lastSuccessfulPullAt)}` : ""}.`,
        evaluation,
      );
    }
    if (source.paused) return resolve(key, PAUSED, evaluation);
    return touch(open, now, failing ? describe() : undefined);
  }
  if (!failing || source.paused || !state) return;
  const manual = await manuallyResolvedAt(key);
  if (manual && (!state.lastErrorAt || state.lastErrorAt <= manual)) return;

  await raise(
    key,
    {
      kind: "pull_failing",
      severity: "high",
      title: `Pulls from ${source.name} keep failing`,
      description: describe(),
      sourceId: source.id,
      context: {
        consecutiveFailures: failures,
        lastErrorKind: state.lastErrorKind,
        lastErrorAt: state.lastErrorAt?.toISOString() ?? null,
      },
    },
    evaluation,
  );
}

/** 15 → "15 minutes", 60 → "1 hour", 1440 → "1 day", 2880 → "2 days". */
export function formatMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, "day");
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}
