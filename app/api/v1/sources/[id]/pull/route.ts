import { withApiActor } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { assertAdmin } from "@/lib/auth/roles";
import { sourceIdParam } from "@/lib/api/sources";
import { requestPull } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

/** POST /api/v1/sources/{id}/pull: admin tokens only. Queues a pull now; 202 because it runs on a worker. */
export const POST = withApiActor<{ id: string }>(async ({ actor, params }) => {
  assertAdmin(actor);
  const sourceId = sourceIdParam(params.id);
  await requestPull(sourceId);
  return apiData({ sourceId, status: "queued" }, { status: 202 });
});
