import { isRapid7Region, regionLabel } from "@/lib/integrations/rapid7/regions";
import { formatDateTime, formatRelative } from "@/lib/text/format";
import {
  type CheckStatus,
  type HealthCheckId,
  type HealthCode,
  type HealthFinding,
  type HealthStatus,
  PULL_FAILING_AFTER,
  type SourceFindings,
} from "./rules";
import { describeSilence, type DescribedSilence } from "./silence-words";
import { LEARNING_WEEKS } from "./volume";

export type { CheckStatus };

/**
 * A source's health as people read it, on the Health tab, in the list's badge and in the
 * REST API (`health.checks[]`): each check with its label, status, since when, a stable
 * reason code, what is wrong and what to do.
 */
type HealthCheck = {
  id: HealthCheckId;
  label: string;
  status: CheckStatus;
  since: Date | null;
  reason: string | null;
  message: string;
  action: string | null;
};
/**
 * `since`: when the source's health last changed (its history, ./history.ts), null until
 * a change was recorded. `qualifier` says why a healthy source is not quite fine: a 429
 * makes it "throttled", other transient errors inside their hold "retrying".
 */
export type SourceHealth = {
  status: HealthStatus;
  qualifier: "throttled" | "retrying" | null;
  since: Date | null;
  silence: DescribedSilence | null;
  checks: HealthCheck[];
};

const LABELS: Record<HealthCheckId, string> = {
  credentials: "Credentials valid",
  audit_logs: "Audit logs reachable",
  data_flowing: "Data flowing",
  classification: "Classification",
  volume: "Volume",
  coverage: "Coverage complete",
};

/**
 * The reason code published for each finding (REST API `reason`): null while a check
 * passes or has not run, except "never_pulled". A key refused the audit logs shows under
 * Audit logs with the credentials' reason, since the fix is the key's.
 */
const REASONS: Record<HealthCode, string | null> = {
  key_accepted: null,
  key_unchecked: null,
  credentials_invalid: "credentials_invalid",
  credentials_forbidden: "credentials_forbidden",
  audit_logs_unreachable: "audit_logs_unreachable",
  audit_logs_forbidden: "credentials_forbidden",
  audit_logs_unread: null,
  audit_logs_read: null,
  never_pulled: "never_pulled",
  pull_failing: "pull_failing",
  rate_limited: "rate_limited",
  throttled: "throttled",
  retrying: "retrying",
  blocked_by_credentials: "blocked_by_credentials",
  pulls_stalled: "pulls_stalled",
  no_recent_events: "no_recent_events",
  flowing: null,
  records_classified: null,
  classification_failures: "classification_failures",
  volume_learning: "volume_learning",
  volume_maintenance: "maintenance",
  volume_normal: null,
  volume_low_warning: "low_volume_warning",
  volume_low_error: "low_volume_error",
  coverage_short: "coverage_short",
  coverage_over: "coverage_over",
};

const SEE_CREDENTIALS = "See Credentials valid.";

function words(finding: HealthFinding, now: Date): { message: string; action: string | null } {
  switch (finding.code) {
    case "key_accepted": {
      const where = isRapid7Region(finding.region)
        ? `${regionLabel(finding.region)} (${finding.region})`
        : finding.region;
      return { message: `Rapid7 accepts the API key in ${where}.`, action: null };
    }
    case "credentials_invalid":
      return {
        message: finding.detail ?? "Rapid7 rejects the API key.",
        action:
          "Replace the API key in the source's settings. Pulling resumes once Rapid7 accepts it (checked every 15 minutes).",
      };
    case "credentials_forbidden":
      return {
        message: finding.detail ?? "The API key may not read audit logs.",
        action: "Give the key Administrator rights in Rapid7, or replace it with an organization key.",
      };
    case "key_unchecked":
      return { message: "Not checked yet.", action: null };
    case "audit_logs_unreachable":
      return {
        message: finding.detail ?? "Rapid7 refused the query for this source's audit logs.",
        action:
          "Check that audit logging is still enabled in Rapid7 and the logs still exist; re-select the audit logs in the source's settings.",
      };
    case "audit_logs_forbidden":
      return { message: "The key may not read the audit logs.", action: SEE_CREDENTIALS };
    case "audit_logs_unread":
      return { message: "Not read yet.", action: null };
    case "audit_logs_read":
      return { message: "The last pull read them.", action: null };
    case "never_pulled":
      return { message: "Waiting for the first pull.", action: null };
    case "pull_failing":
    case "rate_limited":
      return {
        message: `${finding.failedInARow} pull${finding.failedInARow === 1 ? "" : "s"} in a row failed: ${finding.detail ?? "unknown error"}`,
        action:
          finding.code === "rate_limited"
            ? "Intake waits for Rapid7's rate-limit window to reset. If other tools use the same key, give Intake its own key."
            : `Intake keeps retrying with backoff, and raises a "pulls keep failing" alert after ${PULL_FAILING_AFTER} in a row. If it persists, check Rapid7's status and this server's network; Pull history has each error.`,
      };
    case "throttled":
    case "retrying":
      return {
        message: `${finding.code === "throttled" ? "Rapid7 is rate limiting this key" : "Rapid7 had a passing error"} (${finding.failedInARow} pull${finding.failedInARow === 1 ? "" : "s"} in a row): ${finding.detail ?? "unknown error"}`,
        action: `Nothing to do yet: Intake retries, and only calls the source unhealthy if this lasts longer than ${finding.holdMinutes} minute${finding.holdMinutes === 1 ? "" : "s"} (INTAKE_TRANSIENT_HOLD_MINUTES).`,
      };
    case "blocked_by_credentials":
      return { message: "Pulling is stopped until the credentials work again.", action: SEE_CREDENTIALS };
    case "pulls_stalled":
      return {
        message: "No pull has completed recently.",
        action:
          "Check that a worker is running (the header shows it) and that the source is not waiting for a rate-limit reset.",
      };
    case "no_recent_events":
      return {
        message: finding.lastEventStoredAt
          ? `Pulls complete, but Intake last stored a new event ${formatRelative(finding.lastEventStoredAt, now)}, longer ago than this source's no-events threshold.`
          : "Pulls complete, but no event has been stored since the source was added, for longer than its no-events threshold.",
        action:
          "Check in Rapid7 that audit logging is still on and that the selected audit logs still receive events; Settings lists the logs this source reads.",
      };
    case "flowing":
      return {
        message: `Pulls complete on schedule; ${
          finding.lastEventStoredAt
            ? `Intake last stored a new event ${formatRelative(finding.lastEventStoredAt, now)}`
            : "no events stored yet"
        }.`,
        action: null,
      };
    case "records_classified":
      return { message: "Every record in the last 24 hours matched the schema.", action: null };
    case "classification_failures":
      return {
        message: `${finding.failures} record${finding.failures === 1 ? "" : "s"} in the last 24 hours did not match Rapid7.AuditLog.`,
        action: "Open Classification failures to see each record and why; re-process them once the schema is fixed.",
      };
    case "volume_learning":
      return {
        message: `Learning this source's usual volume per hour of the week: ${finding.weeksLearned} of ${LEARNING_WEEKS} weeks of history so far.`,
        action: null,
      };
    case "volume_maintenance":
      return {
        message: `Volume alerts are suppressed until ${formatDateTime(finding.maintenance.endsAt)}: ${finding.maintenance.reason} (set by ${finding.maintenance.ownerName}).`,
        action: null,
      };
    case "volume_normal":
      return {
        message: `${finding.events} event${finding.events === 1 ? "" : "s"} in the last full hour; usually about ${Math.round(finding.expected)} at this hour of the week.`,
        action: null,
      };
    case "volume_low_warning":
    case "volume_low_error":
      return {
        message: `${finding.events} event${finding.events === 1 ? "" : "s"} in the hour from ${formatDateTime(finding.since)}: ${finding.percent}% of the usual ${Math.round(finding.expected)} at this hour of the week (alerting under ${finding.thresholdPercent}%).`,
        action:
          "Check in Rapid7 that the products feeding these audit logs still send events. Planned quiet time? Add a maintenance window in Settings.",
      };
    case "coverage_short":
    case "coverage_over":
      return {
        message: [
          finding.over > 0
            ? `${finding.over === 1 ? "1 window holds" : `${finding.over} windows hold`} more records in Intake than Rapid7 counts: records were removed from Rapid7's audit log, or stored under the wrong time.`
            : null,
          finding.short > 0
            ? `${finding.short === 1 ? "1 window still misses" : `${finding.short} windows still miss`} records Rapid7 holds, after reading ${finding.short === 1 ? "it" : "them"} again.`
            : null,
        ]
          .filter(Boolean)
          .join(" "),
        action:
          "Open the Overview's Coverage to see each window's counts; the JSON report lists them for your records.",
      };
  }
}

export function describeHealth(
  { status, findings, silence }: SourceFindings,
  now: Date,
  since: Date | null = null,
): SourceHealth {
  const flowing = findings.find((finding) => finding.check === "data_flowing");
  return {
    status,
    qualifier:
      status === "healthy" && (flowing?.code === "throttled" || flowing?.code === "retrying") ? flowing.code : null,
    since,
    silence: silence ? describeSilence(silence, now) : null,
    checks: findings.map((finding) => ({
      id: finding.check,
      label: LABELS[finding.check],
      status: finding.status,
      since: finding.since,
      reason: REASONS[finding.code],
      ...words(finding, now),
    })),
  };
}
