import { z } from "zod";
import { toApiAlert } from "@/lib/alerts/api";
import { alertParamsSchema } from "@/lib/alerts/schemas";
import { listAlerts } from "@/lib/alerts/service";
import { apiRoute } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";

export const dynamic = "force-dynamic";

const alertsQuerySchema = z.intersection(
  alertParamsSchema("all"),
  z.object({
    limit: z.preprocess(
      (value) => (Array.isArray(value) ? value[0] : value) || undefined,
      z.coerce.number().int().min(1).max(500).default(50),
    ),
  }),
);

/**
 * GET /api/v1/alerts?status=open|resolved|all&kind=&severity=&sourceId=&limit=&cursor=
 * Alerts, most recently seen first (status defaults to all). Any token.
 * Answers { "data": { "alerts": [...], "nextCursor": string | null } }: pass nextCursor
 * back as `cursor` for the next page.
 */
export const GET = apiRoute({ role: "member", query: alertsQuerySchema }, async ({ query: { limit, ...filters } }) => {
  const page = await listAlerts(filters, { pageSize: limit });
  return apiData({ alerts: page.alerts.map(toApiAlert), nextCursor: page.nextCursor });
});
