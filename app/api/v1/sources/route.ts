import { apiRoute } from "@/lib/api/handler";
import { apiOperations } from "@/lib/api/operations";
import { apiData } from "@/lib/api/respond";
import { toApiSourcePage } from "@/lib/api/sources";
import { listSourcePage } from "@/lib/sources/source-page";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/sources?limit=&cursor=
 * Sources with their health, oldest first, a page at a time (100 unless `limit` says, at most
 * 500). Any token. Answers { "data": { "sources": [...], "nextCursor": string | null } }:
 * pass nextCursor back as `cursor` for the next page.
 */
export const GET = apiRoute(apiOperations.listSources, async ({ query }) =>
  apiData(await toApiSourcePage(await listSourcePage(query))),
);
