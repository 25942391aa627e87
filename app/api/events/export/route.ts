import { requireActor } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { exportEvents } from "@/lib/events/export";
import { paramsFromUrl } from "@/lib/events/schemas";

/**
 * Downloads the current search result: GET with the Search page's query string plus
 * `format=jsonl|csv`. Any signed-in person may export; the body streams as it is read.
 */
export async function GET(request: Request) {
  try {
    const actor = await requireActor();
    const query = new URL(request.url).searchParams;
    const format = query.get("format") ?? "jsonl";
    const { stream, filename, contentType } = await exportEvents(actor, paramsFromUrl(query), format);
    return new Response(stream, {
      headers: {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    const status =
      error.code === "UNAUTHENTICATED"
        ? 401
        : error.code === "VALIDATION"
          ? 400
          : error.code === "FORBIDDEN"
            ? 403
            : 500;
    return Response.json(
      { error: { code: error.code, message: error.publicMessage, fieldErrors: error.fieldErrors } },
      { status },
    );
  }
}
