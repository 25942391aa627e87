import { z } from "zod";
import { queryRecord, toApiAlert } from "@/lib/alerts/api";
import { alertParamsSchema } from "@/lib/alerts/schemas";
import { listAlerts } from "@/lib/alerts/service";
import { withApiActor } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { parseInput } from "@/lib/validation";

export const dynamic = "force-dynamic";

const limitSchema = z.object({
  limit: z.preprocess(
    (value) => (Array.isArray(value) ? value[0] : value) || undefined,
    z.coerce.number().int().min(1).max(500).default(50),
  ),
});

/**
 * GET /api/v1/alerts?status=open|resolved|all&kind=&severity=&sourceId=&limit=&cursor=
 * Alerts, most recently seen first (status defaults to all). Any token.
 * Answers { "data": { "alerts": [...], "nextCursor": string | null } }: pass nextCursor
 * back as `cursor` for the next page.
 */
export const GET = withApiActor(async ({ actor, request }) => {
  const query = queryRecord(new URL(request.url).searchParams);
  const filters = parseInput(alertParamsSchema("all"), query);
  const { limit } = parseInput(limitSchema, query);
  const page = await listAlerts(actor, filters, { pageSize: limit });
  return apiData({ alerts: page.alerts.map(toApiAlert), nextCursor: page.nextCursor });
});
