import { z } from "zod";
import { toApiAlert } from "@/lib/alerts/api";
import { ALERT_KINDS, ALERT_STATUSES, alertParamsSchema, SEVERITIES } from "@/lib/alerts/schemas";
import type { AlertPage } from "@/lib/alerts/service";

const timestamp = z.iso.datetime({ offset: true });

/** GET /api/v1/alerts' query: the Alerts page's filters plus a page size. */
export const alertsQuerySchema = z.intersection(
  alertParamsSchema("all"),
  z.object({
    limit: z.preprocess(
      (value) => (Array.isArray(value) ? value[0] : value) || undefined,
      z.coerce.number().int().min(1).max(500).default(50),
    ),
  }),
);

/** What the REST API says about an alert (the OpenAPI document's `Alert`); lib/alerts/api.ts builds it. */
const apiAlertSchema = z
  .strictObject({
    id: z.uuid(),
    // Strings, as lib/alerts/api.ts types them; the values are listed for readers.
    kind: z.string().meta({ description: `One of ${ALERT_KINDS.join(", ")}.` }),
    severity: z.string().meta({ description: `One of ${SEVERITIES.join(", ")}.` }),
    status: z.string().meta({ description: `One of ${ALERT_STATUSES.join(", ")}.` }),
    title: z.string(),
    source: z
      .strictObject({
        id: z.uuid().nullable().meta({ description: "null once the source is deleted." }),
        name: z.string(),
      })
      .nullable(),
    ruleId: z.string().nullable().meta({ description: "The detection rule, for detection alerts." }),
    firstSeenAt: timestamp,
    lastSeenAt: timestamp,
    eventCount: z.int(),
    resolvedAt: timestamp.nullable(),
    url: z.url().meta({ description: "The alert in the console." }),
  })
  .meta({ id: "Alert" });

export const apiAlertPageSchema = z.strictObject({
  alerts: z.array(apiAlertSchema),
  nextCursor: z.string().nullable().meta({ description: "Pass back as `cursor` for the next page; null on the last." }),
});

/** Typed by the schema: an alert field toApiAlert adds or changes that the schema does not describe fails to compile. */
export function toApiAlertPage(page: AlertPage): z.input<typeof apiAlertPageSchema> {
  return { alerts: page.alerts.map(toApiAlert), nextCursor: page.nextCursor };
}
