import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createRapid7Client, isRapid7Error, isRapid7Region, type RateLimitSnapshot } from "@/lib/integrations/rapid7";
import { openSourceApiKey } from "./api-key";
import { auditLogIds } from "./audit-logs";
import { silenceOf } from "./health/rules";
import { recordRateLimit } from "./pull/rate-limits";
import { type CredentialCheckStatus, recordCredentialCheck, type SilenceProbe } from "./state";

/**
 * The periodic credential re-check: is the key still accepted, can it still read this
 * source's audit logs, are they all still in Rapid7's log list? Keeps the Credentials
 * health check current between pulls, and is the only thing that lets a source whose key
 * was rejected start pulling again. For a source silent past its no-events threshold it
 * also asks Rapid7 whether it received anything since the last stored event, which tells
 * a truly quiet organization from events Intake has not stored (health/silence.ts).
 */
export type CredentialCheckResult = {
  status: CredentialCheckStatus;
  message: string | null;
  missingAuditLogIds?: string[];
  probe?: SilenceProbe;
};

export async function recheckCredentials(sourceId: string, now = new Date()): Promise<CredentialCheckResult> {
  const source = await db.logSource.findUniqueOrThrow({ where: { id: sourceId }, include: { state: true } });
  if (!isRapid7Region(source.region)) return { status: "unavailable", message: "Unknown region." };
  const rateLimits: RateLimitSnapshot[] = [];
  const client = createRapid7Client({
    region: source.region,
    apiKey: openSourceApiKey(source),
    baseUrlTemplate: env().RAPID7_BASE_URL_TEMPLATE,
    retry: { maxAttempts: 3, maxRateLimitWaitMs: 0 },
    onRateLimit: (snapshot) => rateLimits.push(snapshot),
  });
  let result: CredentialCheckResult;
  try {
    await client.validate();
    const existing = new Set((await client.listLogs()).map((log) => log.id));
    const wanted = auditLogIds(source.auditLogs);
    const missing = wanted.filter((id) => !existing.has(id));
    if (missing.length === wanted.length) {
      result = {
        status: "missing_logs",
        message: "None of this source's audit logs exist in Rapid7 any more.",
        missingAuditLogIds: missing,
      };
    } else {
      // The cheapest read that needs Administrator rights: one entry from the last minute,
      // or, for a silent source, one entry from its whole silent period.
      const silence = source.paused ? null : silenceOf(source, source.state?.lastEventStoredAt ?? null, now);
      const fromMs = silence?.exceeded ? silence.since.getTime() : now.getTime() - 60_000;
      const pages = client.queryPages({
        logIds: wanted.filter((id) => existing.has(id)),
        fromMs,
        toMs: now.getTime(),
        perPage: 1,
      });
      const first = await pages.next();
      await pages.return(undefined);
      const events = first.done
        ? 0
        : first.value.events.length + first.value.unreadable.length + first.value.oversize.length;
      result = {
        status: "ok",
        message: null,
        missingAuditLogIds: missing,
        ...(silence?.exceeded ? { probe: { from: silence.since, events } } : {}),
      };
    }
  } catch (error) {
    if (isRapid7Error(error, "credentials")) result = { status: "invalid", message: error.message };
    else if (isRapid7Error(error, "permission")) result = { status: "forbidden", message: error.message };
    else result = { status: "unavailable", message: error instanceof Error ? error.message : String(error) };
  }
  for (const snapshot of rateLimits) await recordRateLimit(source.apiKeyFingerprint, snapshot);
  await recordCredentialCheck(
    source.id,
    {
      credentialsStatus: source.state?.credentialsStatus ?? "unknown",
      lastErrorKind: source.state?.lastErrorKind ?? null,
    },
    result,
    now,
  );
  return result;
}
