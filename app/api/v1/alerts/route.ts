import { listAlerts } from "@/lib/alerts/service";
import { toApiAlertPage } from "@/lib/api/alerts";
import { apiRoute } from "@/lib/api/handler";
import { apiOperations } from "@/lib/api/operations";
import { apiData } from "@/lib/api/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/alerts?status=open|resolved|all&kind=&severity=&sourceId=&limit=&cursor=
 * Alerts, most recently seen first (status defaults to all). Any token.
 * Answers { "data": { "alerts": [...], "nextCursor": string | null } }: pass nextCursor
 * back as `cursor` for the next page.
 */
export const GET = apiRoute(apiOperations.listAlerts, async ({ query: { limit, ...filters } }) =>
  apiData(toApiAlertPage(await listAlerts(filters, { pageSize: limit }))),
);
