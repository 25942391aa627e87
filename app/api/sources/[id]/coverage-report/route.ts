import { z } from "zod";
import { consoleRoute } from "@/lib/api/handler";
import { coverageReport } from "@/lib/sources/coverage/report";
import { coverageQuerySchema } from "@/lib/sources/coverage/schemas";

/**
 * Downloads a source's coverage report for a period (`from`, `to`: ISO 8601; default the
 * last 24 hours) as JSON, naming the audit-trail anchor hash at generation time. Any
 * signed-in person; the printable version is the page /log-sources/{id}/coverage-report.
 */
export const GET = consoleRoute(
  {
    role: "member",
    params: z.object({ id: z.uuid("This source does not exist (it may have been deleted).") }),
    query: coverageQuerySchema,
  },
  async ({ params, query }) => {
    const report = await coverageReport(params.id, query.from, query.to);
    const day = (iso: string) => iso.slice(0, 10);
    const filename = `intake-coverage-${params.id}-${day(report.coverage.from)}-to-${day(report.coverage.to)}.json`;
    return new Response(JSON.stringify(report, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  },
);
