import { z } from "zod";
import type { SourceHealth } from "@/lib/sources/health/describe";
import { healthOf } from "@/lib/sources/health/load";
import type { SourceSummary } from "@/lib/sources/service";

const timestamp = z.iso.datetime({ offset: true });

const apiHealthCheckSchema = z
  .strictObject({
    id: z.string().meta({ description: "Stable id of the check, e.g. credentials or data_flowing." }),
    label: z.string(),
    status: z.string().meta({ description: "ok, warning, failing or pending." }),
    since: timestamp.nullable(),
    reason: z.string().nullable().meta({ description: "Stable code of why the check is not ok." }),
    message: z.string(),
    action: z.string().nullable().meta({ description: "What to do about it, when there is something to do." }),
  })
  .meta({ id: "HealthCheck" });

/**
 * What the REST API says about a source (the OpenAPI document's `Source`). Built field by
 * field, so a column added to the source later (or the encrypted key and its fingerprint,
 * which the summary never selects anyway) cannot reach API clients by accident.
 */
export const apiSourceSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    type: z.string().meta({ description: "The log type, e.g. Rapid7.AuditLog." }),
    region: z.string(),
    paused: z.boolean(),
    health: z.strictObject({
      status: z.enum(["healthy", "unhealthy", "paused", "pending"]),
      checks: z.array(apiHealthCheckSchema),
    }),
    lastEventReceivedAt: timestamp.nullable(),
    lastSuccessfulPullAt: timestamp.nullable(),
    nextPullAt: timestamp.nullable().meta({ description: "null while paused." }),
    pullIntervalMinutes: z.int(),
    noEventsAlert: z.strictObject({ enabled: z.boolean(), thresholdMinutes: z.int() }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Source" });
/** Typed by the schema, so a health status the schema does not list fails to compile in toApiSource. */
type ApiSource = z.infer<typeof apiSourceSchema>;

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
