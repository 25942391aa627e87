import { withApiActor } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { assertAdmin } from "@/lib/auth/roles";
import { sourceIdParam, toApiSource } from "@/lib/api/sources";
import { healthOf } from "@/lib/sources/health/load";
import { setSourcePaused } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

/** POST /api/v1/sources/{id}/pause: admin tokens only. Answers with the source as it is now. */
export const POST = withApiActor<{ id: string }>(async ({ actor, params }) => {
  assertAdmin(actor);
  const source = await setSourcePaused(actor, sourceIdParam(params.id), true);
  const health = await healthOf([source]);
  return apiData(toApiSource(source, health.get(source.id)));
});
