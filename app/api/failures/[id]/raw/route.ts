import { apiError } from "@/lib/api/respond";
import { requireActor } from "@/lib/auth/session";
import { rawDownloadResponse } from "@/lib/events/raw-download";
import { failureRawDownload } from "@/lib/failures/service";

/** Downloads what a classification failure kept of its record (the Failures tab shows only its start). Any signed-in person may. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireActor();
    const { id } = await params;
    return rawDownloadResponse(await failureRawDownload(id));
  } catch (error) {
    return apiError(error, { method: "GET", path: "/api/failures/[id]/raw" });
  }
}
