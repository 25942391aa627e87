import { apiRoute } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { sourceRouteParams } from "@/lib/api/sources";
import { requestPull } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

/** POST /api/v1/sources/{id}/pull: admin tokens only. Queues a pull now; 202 because it runs on a worker. */
export const POST = apiRoute({ role: "admin", params: sourceRouteParams }, async ({ params }) => {
  await requestPull(params.id);
  return apiData({ sourceId: params.id, status: "queued" }, { status: 202 });
});
