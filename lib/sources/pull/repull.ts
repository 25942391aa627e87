import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isRapid7Error, isRapid7Region, Rapid7Error } from "@/lib/integrations/rapid7";
import type { Logger } from "@/lib/logger";
import { findLogType } from "@/lib/logtypes";
import { auditLogIds } from "@/lib/sources/audit-logs";
import { holdPullConnection } from "./connection-budget";
import { pullWindow, type WindowCounters } from "./pull-window";
import { DEFAULT_PULL_SETTINGS, type PullSettings, type PullWindow } from "./settings";
import type { SourceClient } from "./source-client";

/**
 * Reads one past window of a source again, through the same pipeline a pull uses, to
 * fill a gap reconciliation found. It is idempotent (events deduplicate on audit_id and
 * failures on their Rapid7 position) and leaves the checkpoint alone: the window lies
 * before it, and the checkpoint only ever moves forward. It takes no pull lock, so a
 * live pull of the source is never held up by it.
 */
export type RepullResult = { complete: boolean; counters: WindowCounters };

export async function repullWindow(
  source: { id: string; name: string; region: string; logType: string; auditLogs: unknown },
  { client, rateLimit }: SourceClient,
  window: PullWindow,
  options: { log: Logger; now: () => number; signal?: AbortSignal; settings?: Partial<PullSettings> },
): Promise<RepullResult> {
  const settings: PullSettings = {
    ...DEFAULT_PULL_SETTINGS,
    maxRecordBytes: env().INTAKE_MAX_RECORD_BYTES,
    ...options.settings,
  };
  if (!isRapid7Region(source.region))
    throw new Rapid7Error("configuration", `The source's region "${source.region}" is not a Rapid7 region.`);
  const logType = findLogType(source.logType);
  if (!logType) throw new Rapid7Error("configuration", `This version of Intake has no schema for ${source.logType}.`);
  const counters: WindowCounters = { pages: 0, fetched: 0, inserted: 0, duplicates: 0, failed: 0 };
  const connection = await holdPullConnection();
  let broken = true;
  try {
    for (let restarts = 0; ; restarts += 1) {
      try {
        const result = await pullWindow(
          {
            client,
            writer: connection.client,
            source,
            logType,
            logIds: auditLogIds(source.auditLogs),
            settings,
            counters,
            deadline: options.now() + settings.budgetMs,
            now: options.now,
            rateLimit,
            signal: options.signal,
            // Every entry of a past window may already be stored: check each one.
            storedUpToMs: window.toMs,
            wasPaused: async () => {
              const current = await db.logSource.findUnique({
                where: { id: source.id },
                select: { paused: true, deletedAt: true },
              });
              return !current || current.paused || current.deletedAt !== null;
            },
          },
          window,
        );
        broken = false;
        return { complete: result.complete, counters };
      } catch (error) {
        if (isRapid7Error(error, "expired") && restarts < settings.maxWindowRestarts) {
          options.log.info("continuation link expired; reading the window again", { restarts });
          continue;
        }
        throw error;
      }
    }
  } finally {
    connection.release(broken);
  }
}
