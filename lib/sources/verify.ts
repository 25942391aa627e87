import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  type AuditLogRef,
  createRapid7Client,
  isRapid7Error,
  type Rapid7Envelope,
  type Rapid7RegionCode,
  regionLabel,
} from "@/lib/integrations/rapid7";

/**
 * Checks, against Rapid7 itself, that a key works in a region and can read the audit
 * logs, and fetches the most recent audit entries for a preview. Problems come back as
 * errors that say exactly what is wrong and what to do, keyed to the form field at fault.
 */
export class SourceVerificationError extends AppError {
  constructor(
    readonly reason: "credentials" | "permission" | "no_audit_logs" | "unreachable" | "rate_limited" | "rapid7_error",
    message: string,
    field?: "apiKey" | "region",
  ) {
    super(
      reason === "rate_limited"
        ? "RATE_LIMITED"
        : reason === "unreachable" || reason === "rapid7_error"
          ? "UPSTREAM"
          : "VALIDATION",
      message,
      {
        fieldErrors: field ? { [field]: message } : {},
      },
    );
  }
}

export type VerifiedAccess = { auditLogs: AuditLogRef[]; recent: Rapid7Envelope[] };

const PREVIEW_WINDOW_MS = 7 * 24 * 3_600_000;

export function onboardingClient(region: Rapid7RegionCode, apiKey: string, now?: () => number) {
  return createRapid7Client({
    region,
    apiKey,
    baseUrlTemplate: env().RAPID7_BASE_URL_TEMPLATE,
    timeoutMs: 15_000,
    pollTimeoutMs: 30_000,
    // A person is waiting: fail fast rather than retrying for minutes.
    retry: { maxAttempts: 3, maxRateLimitWaitMs: 0 },
    now,
  });
}

export const NO_AUDIT_LOGS_MESSAGE =
  "This Rapid7 organization has no audit logs yet. Enable audit logging in Rapid7 (Insight Platform > Administration > Audit Logging), then try again.";

export async function verifyRapid7Access(
  region: Rapid7RegionCode,
  apiKey: string,
  options: { previewSize?: number; now?: () => number } = {},
): Promise<VerifiedAccess> {
  const now = options.now ?? Date.now;
  const client = onboardingClient(region, apiKey, now);
  try {
    await client.validate();
    const auditLogs = await client.discoverAuditLogs();
    if (auditLogs.length === 0) {
      throw new SourceVerificationError("no_audit_logs", NO_AUDIT_LOGS_MESSAGE);
    }
    const recent: Rapid7Envelope[] = [];
    const size = options.previewSize ?? 10;
    // Reading the logs is what needs Administrator rights, so the preview doubles as the permission check.
    const logIds = auditLogs.map((log) => log.id);
    for await (const page of client.queryPages({
      logIds,
      fromMs: now() - PREVIEW_WINDOW_MS,
      toMs: now(),
      perPage: Math.max(size, 1),
      mostRecentFirst: true,
    })) {
      recent.push(...page.events);
      break;
    }
    return { auditLogs, recent: recent.slice(0, size) };
  } catch (error) {
    throw explainRapid7Error(error, region);
  }
}

function unreachable(where: string): SourceVerificationError {
  return new SourceVerificationError(
    "unreachable",
    `Intake could not reach Rapid7 for ${where}. Check this server's outbound network access, then try again.`,
  );
}

/** Turns a Rapid7 client error into what the person setting up the source should know and do. */
export function explainRapid7Error(error: unknown, region: Rapid7RegionCode): unknown {
  if (error instanceof SourceVerificationError || !isRapid7Error(error)) return error;
  const where = `${regionLabel(region)} (${region})`;
  switch (error.kind) {
    case "credentials":
      return new SourceVerificationError(
        "credentials",
        `Rapid7 rejected this API key in ${where}. Check that you copied the whole key, and that it belongs to this region: a key only works in the region of its organization (Detect region finds it).`,
        "apiKey",
      );
    case "permission":
      return new SourceVerificationError(
        "permission",
        "This key is valid but may not read audit logs. Use an organization API key, or a user key with the Administrator role (Rapid7: Administration > API Key Management).",
        "apiKey",
      );
    case "unreachable":
      return unreachable(where);
    case "rate_limited":
      return new SourceVerificationError("rate_limited", `${error.message} Try again then.`);
    default:
      // Without an HTTP status the connection itself failed (reset, cut or timed out before any
      // answer): to the person setting up, Rapid7 could not be reached, whatever the socket said.
      if (error.kind === "transient" && error.details.status === undefined) return unreachable(where);
      return new SourceVerificationError(
        "rapid7_error",
        `Rapid7 did not answer as expected (${error.message}) Try again in a minute.`,
      );
  }
}
