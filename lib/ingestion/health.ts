import { isRapid7Region, regionLabel } from "@/lib/integrations/rapid7/regions";
import { formatRelative } from "@/lib/ui/format";

/**
 * A source's health, from what the pipeline recorded. Each check says whether it passes,
 * since when, why not (a stable reason code) and what to do. A source is healthy when
 * every check passes; paused and never-pulled sources say so instead.
 */
export type CheckStatus = "ok" | "warning" | "failing" | "pending";
export type HealthCheckId = "credentials" | "audit_logs" | "data_flowing" | "classification";
export type HealthCheck = {
  id: HealthCheckId;
  label: string;
  status: CheckStatus;
  since: Date | null;
  reason: string | null;
  message: string;
  action: string | null;
};
export type HealthStatus = "healthy" | "unhealthy" | "paused" | "pending";
export type SourceHealth = { status: HealthStatus; checks: HealthCheck[] };

export type HealthInput = {
  region: string;
  paused: boolean;
  pullIntervalMinutes: number;
  /** The source's no-events alert threshold, or null when that alert is off. */
  noEventsThresholdMinutes: number | null;
  createdAt: Date;
  state: {
    credentialsStatus: string;
    credentialsCheckedAt: Date | null;
    credentialsMessage: string | null;
    lastSuccessfulPullAt: Date | null;
    lastPullFinishedAt: Date | null;
    lastEventReceivedAt: Date | null;
    lastErrorKind: string | null;
    lastErrorMessage: string | null;
    lastErrorAt: Date | null;
    consecutiveFailures: number;
  } | null;
  failuresLast24h: number;
  oldestFailureLast24h: Date | null;
};

/**
 * Failed pulls in a row, counting only failures other than a rejected key (the credentials
 * check covers those): 0 when the last pull did not fail. Health calls a source unhealthy
 * from the first such failure; the pull_failing alert (lib/alerts/health-alerts.ts) uses
 * the same count and is raised once it reaches PULL_FAILING_AFTER.
 */
export function failedPullsInARow(
  state: Pick<NonNullable<HealthInput["state"]>, "consecutiveFailures" | "lastErrorKind"> | null,
): number {
  if (!state || state.consecutiveFailures === 0) return 0;
  return state.lastErrorKind === "credentials" || state.lastErrorKind === "permission" ? 0 : state.consecutiveFailures;
}

/** Failed pulls in a row after which the pull_failing alert is raised. */
export const PULL_FAILING_AFTER = 3;

export function computeHealth(input: HealthInput, now = new Date()): SourceHealth {
  const checks = [
    credentialsCheck(input),
    auditLogsCheck(input),
    dataFlowingCheck(input, now),
    classificationCheck(input),
  ];
  if (input.paused) return { status: "paused", checks };
  if (checks.some((check) => check.status === "failing")) return { status: "unhealthy", checks };
  if (!input.state?.lastSuccessfulPullAt) return { status: "pending", checks };
  return { status: "healthy", checks };
}

function check(id: HealthCheckId, label: string, fields: Omit<HealthCheck, "id" | "label">): HealthCheck {
  return { id, label, ...fields };
}

function credentialsCheck({ state, region }: HealthInput): HealthCheck {
  const label = "Credentials valid";
  const where = isRapid7Region(region) ? `${regionLabel(region)} (${region})` : region;
  switch (state?.credentialsStatus) {
    case "ok":
      return check("credentials", label, {
        status: "ok",
        since: state.credentialsCheckedAt,
        reason: null,
        message: `Rapid7 accepts the API key in ${where}.`,
        action: null,
      });
    case "invalid":
      return check("credentials", label, {
        status: "failing",
        since: state.credentialsCheckedAt,
        reason: "credentials_invalid",
        message: state.credentialsMessage ?? "Rapid7 rejects the API key.",
        action:
          "Replace the API key in the source's settings. Pulling resumes once Rapid7 accepts it (checked every 15 minutes).",
      });
    case "forbidden":
      return check("credentials", label, {
        status: "failing",
        since: state.credentialsCheckedAt,
        reason: "credentials_forbidden",
        message: state.credentialsMessage ?? "The API key may not read audit logs.",
        action: "Give the key Administrator rights in Rapid7, or replace it with an organization key.",
      });
    default:
      return check("credentials", label, {
        status: "pending",
        since: null,
        reason: null,
        message: "Not checked yet.",
        action: null,
      });
  }
}

function auditLogsCheck({ state }: HealthInput): HealthCheck {
  const label = "Audit logs reachable";
  if (state?.lastErrorKind === "configuration") {
    return check("audit_logs", label, {
      status: "failing",
      since: state.lastErrorAt,
      reason: "audit_logs_unreachable",
      message: state.lastErrorMessage ?? "Rapid7 refused the query for this source's audit logs.",
      action:
        "Check that audit logging is still enabled in Rapid7 and the logs still exist; re-select the audit logs in the source's settings.",
    });
  }
  if (state?.credentialsStatus === "forbidden") {
    return check("audit_logs", label, {
      status: "failing",
      since: state.credentialsCheckedAt,
      reason: "credentials_forbidden",
      message: "The key may not read the audit logs.",
      action: "See Credentials valid.",
    });
  }
  if (!state?.lastSuccessfulPullAt)
    return check("audit_logs", label, {
      status: "pending",
      since: null,
      reason: null,
      message: "Not read yet.",
      action: null,
    });
  return check("audit_logs", label, {
    status: "ok",
    since: state.lastSuccessfulPullAt,
    reason: null,
    message: "The last pull read them.",
    action: null,
  });
}

function dataFlowingCheck(
  { state, pullIntervalMinutes, noEventsThresholdMinutes, createdAt }: HealthInput,
  now: Date,
): HealthCheck {
  const label = "Data flowing";
  if (!state || (!state.lastSuccessfulPullAt && state.consecutiveFailures === 0)) {
    return check("data_flowing", label, {
      status: "pending",
      since: null,
      reason: "never_pulled",
      message: "Waiting for the first pull.",
      action: null,
    });
  }
  const staleAfterMs = Math.max(3 * pullIntervalMinutes, 15) * 60_000;
  const lastSuccessAge = state.lastSuccessfulPullAt
    ? now.getTime() - state.lastSuccessfulPullAt.getTime()
    : Number.POSITIVE_INFINITY;
  const failedInARow = failedPullsInARow(state);
  if (failedInARow > 0) {
    // A failing pull stores nothing: the source is not healthy from the first one on.
    return check("data_flowing", label, {
      status: "failing",
      since: state.lastSuccessfulPullAt ?? state.lastErrorAt,
      reason: state.lastErrorKind === "rate_limited" ? "rate_limited" : "pull_failing",
      message: `${failedInARow} pull${failedInARow === 1 ? "" : "s"} in a row failed: ${state.lastErrorMessage ?? "unknown error"}`,
      action:
        state.lastErrorKind === "rate_limited"
          ? "Intake waits for Rapid7's rate-limit window to reset. If other tools use the same key, give Intake its own key."
          : `Intake keeps retrying with backoff, and raises a "pulls keep failing" alert after ${PULL_FAILING_AFTER} in a row. If it persists, check Rapid7's status and this server's network; Pull history has each error.`,
    });
  }
  if (state.consecutiveFailures > 0) {
    return check("data_flowing", label, {
      status: "failing",
      since: state.lastErrorAt,
      reason: "blocked_by_credentials",
      message: "Pulling is stopped until the credentials work again.",
      action: "See Credentials valid.",
    });
  }
  if (lastSuccessAge > staleAfterMs) {
    return check("data_flowing", label, {
      status: "failing",
      since: state.lastSuccessfulPullAt,
      reason: "pulls_stalled",
      message: "No pull has completed recently.",
      action:
        "Check that a worker is running (the header shows it) and that the source is not waiting for a rate-limit reset.",
    });
  }
  const lastEvent = state.lastEventReceivedAt;
  // Silence is measured like the no-events alert does: from the newest event, or from when the source was added.
  const silentForMs = now.getTime() - (lastEvent ?? createdAt).getTime();
  if (noEventsThresholdMinutes !== null && silentForMs > noEventsThresholdMinutes * 60_000) {
    return check("data_flowing", label, {
      status: "failing",
      since: lastEvent ?? createdAt,
      reason: "no_recent_events",
      message: lastEvent
        ? `Pulls complete, but the newest event was received ${formatRelative(lastEvent, now)}, longer than this source's no-events threshold.`
        : "Pulls complete, but no event has been received since the source was added, for longer than its no-events threshold.",
      action:
        "Check in Rapid7 that audit logging is still on and that the selected audit logs still receive events; Settings lists the logs this source reads.",
    });
  }
  const newest = lastEvent
    ? `the newest event was received ${formatRelative(lastEvent, now)}`
    : "no events received yet";
  return check("data_flowing", label, {
    status: "ok",
    since: state.lastSuccessfulPullAt,
    reason: null,
    message: `Pulls complete on schedule; ${newest}.`,
    action: null,
  });
}

function classificationCheck({ failuresLast24h, oldestFailureLast24h }: HealthInput): HealthCheck {
  const label = "Classification";
  if (failuresLast24h === 0)
    return check("classification", label, {
      status: "ok",
      since: null,
      reason: null,
      message: "Every record in the last 24 hours matched the schema.",
      action: null,
    });
  return check("classification", label, {
    status: "failing",
    since: oldestFailureLast24h,
    reason: "classification_failures",
    message: `${failuresLast24h} record${failuresLast24h === 1 ? "" : "s"} in the last 24 hours did not match Rapid7.AuditLog.`,
    action: "Open Classification failures to see each record and why; re-process them once the schema is fixed.",
  });
}
