import { apiRoute } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { apiSourceWithHealth, sourceRouteParams } from "@/lib/api/sources";
import { setSourcePaused } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

/** POST /api/v1/sources/{id}/pause: admin tokens only. Answers with the source as it is now. */
export const POST = apiRoute({ role: "admin", params: sourceRouteParams }, async ({ actor, params }) =>
  apiData(await apiSourceWithHealth(await setSourcePaused(actor, params.id, true))),
);
