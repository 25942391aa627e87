import type { z } from "zod";
import { env } from "@/lib/env";
import { ConflictError } from "@/lib/errors";
import {
  createRapid7Client,
  isRapid7Error,
  RAPID7_REGIONS,
  type Rapid7RegionCode,
  regionLabel,
} from "@/lib/integrations/rapid7";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";
import type { credentialsStepSchema, detectRegionSchema, nameStepSchema, previewSchema } from "./onboarding-schemas";
import { isSourceNameTaken } from "./service";
import { explainRapid7Error, NO_AUDIT_LOGS_MESSAGE, onboardingClient, SourceVerificationError } from "./verify";

/**
 * The server side of the onboarding steps. Nothing here stores anything: the source is
 * created only when the person presses Finish (createSource), so an abandoned or
 * reloaded setup leaves nothing half-configured behind. Setup runs as three real
 * stages (key, audit logs, preview) so the page can show each one's progress. Each step
 * receives its input parsed by the step's schema, by the admin-only action that calls it.
 */
export async function checkSourceName({ name }: z.output<typeof nameStepSchema>): Promise<{ name: string }> {
  if (await isSourceNameTaken(name)) {
    throw new ConflictError("A source with this name already exists. Choose another name.", {
      name: "A source with this name already exists. Choose another name.",
    });
  }
  return { name };
}

export type RegionProbe = {
  region: Rapid7RegionCode;
  label: string;
  outcome: "accepted" | "rejected" | "unreachable" | "error";
};

/** Tries the key against every region at once; the one that accepts it is the key's region. */
export async function detectRegion({
  apiKey,
}: z.output<typeof detectRegionSchema>): Promise<{ region: Rapid7RegionCode | null; probes: RegionProbe[] }> {
  const probes = await Promise.all(
    RAPID7_REGIONS.map(async ({ code }): Promise<RegionProbe> => {
      const client = createRapid7Client({
        region: code,
        apiKey,
        baseUrlTemplate: env().RAPID7_BASE_URL_TEMPLATE,
        timeoutMs: 8_000,
        retry: { maxAttempts: 1, maxRateLimitWaitMs: 0 },
      });
      try {
        await client.validate();
        return { region: code, label: regionLabel(code), outcome: "accepted" };
      } catch (error) {
        const outcome = isRapid7Error(error, "credentials")
          ? "rejected"
          : isRapid7Error(error, "unreachable")
            ? "unreachable"
            : "error";
        return { region: code, label: regionLabel(code), outcome };
      }
    }),
  );
  return { region: probes.find((probe) => probe.outcome === "accepted")?.region ?? null, probes };
}

/** Stage 1: Rapid7 accepts the key in this region. */
export async function checkApiKey({
  region,
  apiKey,
}: z.output<typeof credentialsStepSchema>): Promise<{ region: Rapid7RegionCode; regionLabel: string }> {
  try {
    await onboardingClient(region, apiKey).validate();
  } catch (error) {
    throw explainRapid7Error(error, region);
  }
  return { region, regionLabel: regionLabel(region) };
}

export type AuditLogOption = { id: string; name: string; logsetName: string | null };

/** Stage 2: the organization has audit logs (audit logging is enabled). */
export async function findAuditLogs({
  region,
  apiKey,
}: z.output<typeof credentialsStepSchema>): Promise<{ auditLogs: AuditLogOption[] }> {
  let auditLogs: AuditLogOption[];
  try {
    auditLogs = await onboardingClient(region, apiKey).discoverAuditLogs();
  } catch (error) {
    throw explainRapid7Error(error, region);
  }
  if (auditLogs.length === 0) throw new SourceVerificationError("no_audit_logs", NO_AUDIT_LOGS_MESSAGE);
  return { auditLogs };
}

export type PreviewEvent = {
  time: string;
  action: string;
  result: string | null;
  who: string | null;
  description: string | null;
  product: string | null;
};

const PREVIEW_WINDOW_MS = 7 * 24 * 3_600_000;
const PREVIEW_SIZE = 10;

/**
 * Stage 3: read the latest audit entries (this is what needs Administrator rights) and
 * show them as Intake will store them. A dry run: nothing is stored.
 */
export async function previewAuditLogs({
  region,
  apiKey,
  auditLogIds,
  name,
}: z.output<typeof previewSchema>): Promise<{ preview: PreviewEvent[]; unparsed: number; scanned: number }> {
  const client = onboardingClient(region, apiKey);
  const recent = [];
  try {
    const now = Date.now();
    // One page of the newest entries is the preview.
    for await (const page of client.queryPages({
      logIds: auditLogIds,
      fromMs: now - PREVIEW_WINDOW_MS,
      toMs: now,
      perPage: 100,
      mostRecentFirst: true,
    })) {
      recent.push(...page.events);
      break;
    }
  } catch (error) {
    throw explainRapid7Error(error, region);
  }
  recent.sort((a, b) => b.timestamp - a.timestamp);
  const logType = getLogType(RAPID7_AUDIT_LOG);
  const context = { sourceId: "00000000-0000-4000-8000-000000000000", sourceLabel: name, parseTime: new Date() };
  const parsed: PreviewEvent[] = [];
  let unparsed = 0;
  for (const envelope of recent) {
    const result = normalizeRaw(logType, envelope.message, context);
    if (!result.ok) {
      unparsed += 1;
      continue;
    }
    const index = result.event.index;
    parsed.push({
      time: result.event.eventTime.toISOString(),
      action: index.action,
      result: index.result,
      who: index.emails[0] ?? index.usernames[0] ?? null,
      description: index.description,
      product: index.product,
    });
  }
  // Rapid7 orders by when it received an entry; the preview shows when it happened, newest first
  // (ISO times of the same format sort as text).
  const preview = parsed.sort((a, b) => b.time.localeCompare(a.time)).slice(0, PREVIEW_SIZE);
  return { preview, unparsed, scanned: recent.length };
}
