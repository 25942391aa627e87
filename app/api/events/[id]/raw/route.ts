import { apiError } from "@/lib/api/respond";
import { requireActor } from "@/lib/auth/session";
import { eventRawDownload, rawDownloadResponse } from "@/lib/events/raw-download";

/** Downloads an event's whole raw record (the drawer shows only its start). Any signed-in person may. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const actor = await requireActor();
    const { id } = await params;
    return rawDownloadResponse(await eventRawDownload(actor, id));
  } catch (error) {
    return apiError(error, { method: "GET", path: "/api/events/[id]/raw" });
  }
}
