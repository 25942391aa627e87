import { z } from "zod";
import { db } from "@/lib/db";
import { defineJob } from "@/lib/jobs/define";
import { recheckCredentials } from "@/lib/sources/credential-check";

/** Every 15 minutes: re-check every active source's key (a few cheap requests each). */
export const credentialCheckJob = defineJob({
  name: "sources.check-credentials",
  schema: z.object({ sourceId: z.uuid().optional() }).passthrough(),
  queue: { policy: "singleton", retryLimit: 1, retryDelay: 60, expireInSeconds: 15 * 60 },
  concurrency: 1,
  cron: "*/15 * * * *",
  async handler({ sourceId }, { log, signal }) {
    const sources = sourceId
      ? [{ id: sourceId }]
      : await db.logSource.findMany({ where: { paused: false, deletedAt: null }, select: { id: true } });
    for (const source of sources) {
      if (signal.aborted) return;
      const result = await recheckCredentials(source.id).catch((error: unknown) => {
        log.warn("credential check failed", { sourceId: source.id, error });
        return null;
      });
      if (result && result.status !== "ok")
        log.info("credential check", { sourceId: source.id, status: result.status });
    }
  },
});
