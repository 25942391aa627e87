import { z } from "zod";
import type { SourceHealth } from "@/lib/sources/health/describe";
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
  health: { status: SourceHealth["status"]; checks: ApiHealthCheck[] };
  lastEventReceivedAt: string | null;
  lastSuccessfulPullAt: string | null;
  nextPullAt: string | null;
  pullIntervalMinutes: number;
  noEventsAlert: { enabled: boolean; thresholdMinutes: number };
  createdAt: string;
  updatedAt: string;
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

export function toApiSource(source: SourceSummary, health: SourceHealth | undefined): ApiSource {
  return {
    id: source.id,
    name: source.name,
    type: source.logType,
    region: source.region,
    paused: source.paused,
    health: {
      status: health?.status ?? "pending",
      checks: (health?.checks ?? []).map((check) => ({
        id: check.id,
        label: check.label,
        status: check.status,
        since: iso(check.since),
        reason: check.reason,
        message: check.message,
        action: check.action,
      })),
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

/** The API's view of one source, with its health as the console shows it. */
export async function apiSourceWithHealth(source: SourceSummary): Promise<ApiSource> {
  const health = await healthOf([source]);
  return toApiSource(source, health.get(source.id));
}
