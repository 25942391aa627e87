import { apiRoute } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { apiSourceWithHealth, sourceRouteParams } from "@/lib/api/sources";
import { getSource } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/sources/{id}: one source with its health. Any token. */
export const GET = apiRoute({ role: "member", params: sourceRouteParams }, async ({ params }) =>
  apiData(await apiSourceWithHealth(await getSource(params.id))),
);
