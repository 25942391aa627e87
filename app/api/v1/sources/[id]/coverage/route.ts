import { apiRoute } from "@/lib/api/handler";
import { apiOperations } from "@/lib/api/operations";
import { apiData } from "@/lib/api/respond";
import { sourceCoverage } from "@/lib/sources/coverage/report";

export const dynamic = "force-dynamic";

/** GET /api/v1/sources/{id}/coverage?from=&to= : the source's coverage windows in the period. Any token. */
export const GET = apiRoute(apiOperations.sourceCoverage, async ({ params, query }) =>
  apiData(await sourceCoverage(params.id, query.from, query.to)),
);
