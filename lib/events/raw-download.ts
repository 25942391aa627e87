import { pool } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { eventIdSchema } from "./schemas";

/**
 * A stored record as a file: the whole raw message of an event (pages show only its
 * start), or what a classification failure kept. Any signed-in person may read it, as
 * they may read the event in Search.
 */
export type RawDownload = { body: string; filename: string; contentType: string };

export async function eventRawDownload(id: string): Promise<RawDownload> {
  const eventId = parseInput(eventIdSchema, id);
  const { rows } = await pool().query<{ raw: string }>("SELECT raw FROM events WHERE id = $1::bigint", [eventId]);
  const row = rows[0];
  if (!row) throw new NotFoundError("This event is not stored. Retention may have removed it since the link was made.");
  return {
    body: row.raw,
    filename: `intake-event-${eventId}-raw.json`,
    contentType: "application/json; charset=utf-8",
  };
}

/** The response for a download: an attachment the browser saves, never renders. */
export function rawDownloadResponse(download: RawDownload): Response {
  return new Response(download.body, {
    headers: {
      "Content-Type": download.contentType,
      "Content-Disposition": `attachment; filename="${download.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
