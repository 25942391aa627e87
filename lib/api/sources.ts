import { z } from "zod";
import type { SourceHealth } from "@/lib/sources/health/describe";
import { type HealthChange, healthHistory } from "@/lib/sources/health/history";
import { healthOf } from "@/lib/sources/health/load";
import { positionParam } from "@/lib/paging/position";
import { SILENCE_REASONS } from "@/lib/sources/health/silence";
import type { SourceSummary } from "@/lib/sources/service";
import {
  decodeSourceCursor,
  SOURCE_API_MAX_PAGE_SIZE,
  SOURCE_API_PAGE_SIZE,
  type SourcePage,
} from "@/lib/sources/source-page";

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

const apiSilenceSchema = z
  .strictObject({
    reason: z.enum(SILENCE_REASONS).meta({ description: "Stable code of why the source is silent." }),
    suspicious: z
      .boolean()
      .meta({ description: "True when the silence may be an attacker covering tracks (T1562.008)." }),
    since: timestamp,
    message: z.string(),
    action: z.string(),
    technique: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: "Silence" });

const apiHealthChangeSchema = z
  .strictObject({ at: timestamp, status: z.string(), reason: z.string().nullable() })
  .meta({ id: "HealthChange" });

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
      qualifier: z
        .enum(["throttled", "retrying"])
        .nullable()
        .meta({ description: "Why a healthy source is riding out transient Rapid7 errors (429, 5xx); else null." }),
      since: timestamp.nullable().meta({ description: "When the status or its reason last changed." }),
      silence: apiSilenceSchema.nullable().meta({ description: "Why the source is silent, or null while it is not." }),
      checks: z.array(apiHealthCheckSchema),
      history: z
        .array(apiHealthChangeSchema)
        .optional()
        .meta({ description: "GET /api/v1/sources/{id} only: the latest health changes, newest first." }),
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

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value) || undefined;

/** GET /api/v1/sources' query: a page size and the position the previous page answered. */
export const sourcesQuerySchema = z.object({
  limit: z.preprocess(
    firstValue,
    z.coerce
      .number({ message: "Use a whole number of sources per page." })
      .int("Use a whole number of sources per page.")
      .min(1, "Ask for at least 1 source per page.")
      .max(SOURCE_API_MAX_PAGE_SIZE, `Ask for at most ${SOURCE_API_MAX_PAGE_SIZE} sources per page.`)
      .default(SOURCE_API_PAGE_SIZE),
  ),
  cursor: positionParam(
    decodeSourceCursor,
    "This page position is damaged. Pass back nextCursor exactly as it was answered, or leave it out.",
  ),
});

export const apiSourcePageSchema = z.strictObject({
  sources: z.array(apiSourceSchema),
  nextCursor: z.string().nullable().meta({ description: "Pass back as `cursor` for the next page; null on the last." }),
});

/** One page of sources, with health worked out for that page's sources only. */
export async function toApiSourcePage(page: SourcePage): Promise<z.input<typeof apiSourcePageSchema>> {
  const health = await healthOf(page.sources);
  return {
    sources: page.sources.map((source) => toApiSource(source, health.get(source.id))),
    nextCursor: page.nextCursor,
  };
}
