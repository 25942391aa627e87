import { db } from "@/lib/db";
import type { credentialCheckJob } from "@/lib/queue/credential-check";
import { recheckCredentials } from "@/lib/sources/credential-check";
import type { JobHandler } from "../job-handler";

/** Re-checks the key of one source, or of every active one (a few cheap requests each). */
export const credentialCheckHandler: JobHandler<typeof credentialCheckJob> = async ({ sourceId }, { log, signal }) => {
  const sources = sourceId
    ? [{ id: sourceId }]
    : await db.logSource.findMany({ where: { paused: false, deletedAt: null }, select: { id: true } });
  for (const source of sources) {
    if (signal.aborted) return;
    const result = await recheckCredentials(source.id).catch((error: unknown) => {
      log.warn("credential check failed", { sourceId: source.id, error });
      return null;
    });
    if (result && result.status !== "ok") log.info("credential check", { sourceId: source.id, status: result.status });
  }
};
