import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { apiData } from "@/lib/api/respond";
import { sourceCoverage } from "@/lib/sources/coverage/report";
import { coverageQuerySchema } from "@/lib/sources/coverage/schemas";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/sources/{id}/coverage?from=&to= : the source's coverage windows in the
 * period (ISO 8601; default the last 24 hours, at most 31 days), each with Intake's and
 * Rapid7's counts and its state, a tally per state and how far coverage is verified.
 * Any token.
 */
export const GET = apiRoute(
  {
    role: "member",
    params: z.object({ id: z.uuid("This source does not exist (it may have been deleted).") }),
    query: coverageQuerySchema,
  },
  async ({ params, query }) => apiData(await sourceCoverage(params.id, query.from, query.to)),
);
