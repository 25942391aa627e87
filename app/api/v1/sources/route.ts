import { apiRoute } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { toApiSource } from "@/lib/api/sources";
import { healthOf } from "@/lib/sources/health/load";
import { listSources } from "@/lib/sources/service";

export const dynamic = "force-dynamic";

/** GET /api/v1/sources: every source with its health. Any token. */
export const GET = apiRoute({ role: "member" }, async () => {
  const sources = await listSources();
  const health = await healthOf(sources);
  return apiData(sources.map((source) => toApiSource(source, health.get(source.id))));
});
