import { z } from "zod";
import { consoleRoute } from "@/lib/api/handler";
import { rawDownloadResponse } from "@/lib/events/raw-download";
import { failureRawDownload } from "@/lib/failures/service";

/** Downloads what a classification failure kept of its record (the Failures tab shows only its start). Any signed-in person may. */
export const GET = consoleRoute({ role: "member", params: z.object({ id: z.string() }) }, async ({ params }) =>
  rawDownloadResponse(await failureRawDownload(params.id)),
);
