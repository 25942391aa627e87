import { z } from "zod";
import { consoleRoute } from "@/lib/api/handler";
import { exportEvents } from "@/lib/events/export";

/** The Search page's query string plus `format`, as given: exportEvents reads and checks the filters. */
const exportQuerySchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/**
 * Downloads the current search result: GET with the Search page's query string plus
 * `format=jsonl|csv`. Any signed-in person may export; the body streams as it is read.
 */
export const GET = consoleRoute({ role: "member", query: exportQuerySchema }, async ({ query }) => {
  const format = [query.format ?? "jsonl"].flat()[0]!;
  const { stream, filename, contentType } = await exportEvents(query, format);
  return new Response(stream, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
