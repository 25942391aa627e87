import { withApiActor } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { sourceIdParam, toApiSource } from "@/lib/api/sources";
import { healthHistory } from "@/lib/sources/health/history";
import { healthOf } from "@/lib/sources/health/load";
import { getSource } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/sources/{id}: one source with its health and its latest health changes. Any token. */
export const GET = withApiActor<{ id: string }>(async ({ params }) => {
  const source = await getSource(sourceIdParam(params.id));
  const health = await healthOf([source]);
  return apiData(toApiSource(source, health.get(source.id), await healthHistory(source.id)));
});
