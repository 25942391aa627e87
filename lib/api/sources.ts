import { z } from "zod";
import type { SourceHealth } from "@/lib/sources/health/describe";
import { type HealthChange, healthHistory } from "@/lib/sources/health/history";
import { healthOf } from "@/lib/sources/health/load";
import type { SourceSummary } from "@/lib/sources/service";

/**
 * What the REST API says about a source. Built field by field, so a column added to
 * the source later (or the encrypted key and its fingerprint, which the summary never
 * selects anyway) cannot reach API clients by accident.
 */
export type ApiSource = {
  id: string;
  name: string;
  type: string;
  region: string;
  paused: boolean;
  health: {
    status: SourceHealth["status"];
    /** "throttled" or "retrying" while a healthy source rides out transient errors; else null. */
    qualifier: SourceHealth["qualifier"];
    /** When the status or its reason last changed. */
    since: string | null;
    /** Why the source is silent (stable reason code), or null while it is not. */
    silence: ApiSilence | null;
    checks: ApiHealthCheck[];
    /** GET /api/v1/sources/{id} only: the latest changes, newest first. */
    history?: { at: string; status: string; reason: string | null }[];
  };
  lastEventReceivedAt: string | null;
  lastSuccessfulPullAt: string | null;
  nextPullAt: string | null;
  pullIntervalMinutes: number;
  noEventsAlert: { enabled: boolean; thresholdMinutes: number };
  createdAt: string;
  updatedAt: string;
};

export type ApiSilence = {
  reason: string;
  suspicious: boolean;
  since: string;
  message: string;
  action: string;
  technique: { id: string; name: string } | null;
};

export type ApiHealthCheck = {
  id: string;
  label: string;
  status: string;
  since: string | null;
  reason: string | null;
  message: string;
  action: string | null;
};

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);

export function toApiSource(
  source: SourceSummary,
  health: SourceHealth | undefined,
  history?: HealthChange[],
): ApiSource {
  const silence = health?.silence ?? null;
  return {
    id: source.id,
    name: source.name,
    type: source.logType,
    region: source.region,
    paused: source.paused,
    health: {
      status: health?.status ?? "pending",
      qualifier: health?.qualifier ?? null,
      since: iso(health?.since),
      silence: silence
        ? {
            reason: silence.reason,
            suspicious: silence.suspicious,
            since: silence.since.toISOString(),
            message: silence.message,
            action: silence.action,
            technique: silence.technique,
          }
        : null,
      checks: (health?.checks ?? []).map((check) => ({
        id: check.id,
        label: check.label,
        status: check.status,
        since: iso(check.since),
        reason: check.reason,
        message: check.message,
        action: check.action,
      })),
      ...(history
        ? {
            history: history.map((change) => ({
              at: change.at.toISOString(),
              status: change.status,
              reason: change.reason,
            })),
          }
        : {}),
    },
    lastEventReceivedAt: iso(source.state?.lastEventReceivedAt),
    lastSuccessfulPullAt: iso(source.state?.lastSuccessfulPullAt),
    nextPullAt: source.paused ? null : iso(source.state?.nextPullAt),
    pullIntervalMinutes: source.pullIntervalMinutes,
    noEventsAlert: { enabled: source.noEventsAlertEnabled, thresholdMinutes: source.noEventsThresholdMinutes },
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}

/** A source id from the URL; apiRoute answers 404 with this message when it is not a UUID, which cannot name a source. */
export const sourceRouteParams = z.object({ id: z.uuid("This source does not exist (it may have been deleted).") });

/** The API's view of one source, with its health as the console shows it (and, when asked, its latest health changes). */
export async function apiSourceWithHealth(
  source: SourceSummary,
  options: { history?: boolean } = {},
): Promise<ApiSource> {
  const health = await healthOf([source]);
  return toApiSource(source, health.get(source.id), options.history ? await healthHistory(source.id) : undefined);
}
