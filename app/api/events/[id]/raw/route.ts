import { z } from "zod";
import { consoleRoute } from "@/lib/api/handler";
import { eventRawDownload, rawDownloadResponse } from "@/lib/events/raw-download";

/** Downloads an event's whole raw record (the drawer shows only its start). Any signed-in person may. */
export const GET = consoleRoute({ role: "member", params: z.object({ id: z.string() }) }, async ({ params }) =>
  rawDownloadResponse(await eventRawDownload(params.id)),
);
