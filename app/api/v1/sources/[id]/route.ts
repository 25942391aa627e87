import { apiRoute } from "@/lib/api/handler";
import { apiOperations } from "@/lib/api/operations";
import { apiData } from "@/lib/api/respond";
import { apiSourceWithHealth } from "@/lib/api/sources";
import { getSource } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/sources/{id}: one source with its health and its latest health changes. Any token. */
export const GET = apiRoute(apiOperations.getSource, async ({ params }) =>
  apiData(await apiSourceWithHealth(await getSource(params.id), { history: true })),
);
