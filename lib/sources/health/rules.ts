/**
 * The one set of rules for a source's health: what the Health tab, the Log Sources list,
 * the REST API and the alert evaluation (lib/alerts/health-alerts.ts) all decide from.
 * It returns findings (a code per check, its status, since when, and the numbers and
 * dates behind it), never sentences: ./describe.ts turns findings into what people read.
 */
import { type SilenceFinding, silenceFinding } from "./silence";
import { type VolumeFacts, type VolumeFinding, volumeFinding } from "./volume";

export type CheckStatus = "ok" | "warning" | "failing" | "pending";
export type HealthCheckId = "credentials" | "audit_logs" | "data_flowing" | "classification" | "volume" | "coverage";
export type HealthStatus = "healthy" | "unhealthy" | "paused" | "pending";

/** Failed pulls in a row (not counting a rejected key) after which the pull_failing alert is raised. */
export const PULL_FAILING_AFTER = 3;
/** Classification failures count towards health for this long after they were stored. */
export const CLASSIFICATION_WINDOW_MS = 24 * 3_600_000;
/** No pull completing for this many pull intervals (and at least STALLED_AFTER_MINUTES) means pulls stalled. */
const STALLED_AFTER_INTERVALS = 3;
const STALLED_AFTER_MINUTES = 15;

export type SourceStateFacts = {
  credentialsStatus: string;
  credentialsCheckedAt: Date | null;
  credentialsMessage: string | null;
  lastSuccessfulPullAt: Date | null;
  lastEventStoredAt: Date | null;
  lastErrorKind: string | null;
  lastErrorMessage: string | null;
  lastErrorAt: Date | null;
  consecutiveFailures: number;
  /** When the current run of failed pulls began; older state rows may not have it. */
  failingSince?: Date | null;
  missingAuditLogIds?: string[];
  silenceProbeAt?: Date | null;
  silenceProbeEvents?: number | null;
};

/** Pull errors that may clear by themselves (429, 5xx, timeouts, resets): held before they flip health. */
const TRANSIENT_ERROR_KINDS = new Set(["rate_limited", "transient", "unreachable"]);

export type NoEventsSettings = { noEventsAlertEnabled: boolean; noEventsThresholdMinutes: number; createdAt: Date };

export type HealthInput = NoEventsSettings & {
  region: string;
  paused: boolean;
  pullIntervalMinutes: number;
  state: SourceStateFacts | null;
  /** Classification failures stored within CLASSIFICATION_WINDOW_MS, and the oldest one's time. */
  recentFailures: number;
  oldestRecentFailureAt: Date | null;
  /** How long transient pull errors are held before they make the source unhealthy (INTAKE_TRANSIENT_HOLD_MINUTES). */
  transientHoldMinutes?: number;
  /** Whether a worker is running (lib/liveness): says why pulls stalled. */
  worker?: "online" | "stopping" | "offline";
  /** The low-volume check's facts; absent or disabled means the check is not shown. */
  volume?: VolumeFacts | null;
  /** Coverage windows (lib/sources/coverage) whose count still differs from Rapid7's, and the oldest one's start. */
  coverageDifferences?: { short: number; over: number; since: Date | null };
};

export type HealthFinding =
  | { check: "credentials"; code: "key_accepted"; status: "ok"; since: Date | null; region: string }
  | {
      check: "credentials";
      code: "credentials_invalid" | "credentials_forbidden";
      status: "failing";
      since: Date | null;
      detail: string | null;
    }
  | { check: "credentials"; code: "key_unchecked"; status: "pending"; since: null }
  | {
      check: "audit_logs";
      code: "audit_logs_unreachable";
      status: "failing";
      since: Date | null;
      detail: string | null;
    }
  | { check: "audit_logs"; code: "audit_logs_forbidden"; status: "failing"; since: Date | null }
  | { check: "audit_logs"; code: "audit_logs_unread"; status: "pending"; since: null }
  | { check: "audit_logs"; code: "audit_logs_read"; status: "ok"; since: Date }
  | { check: "data_flowing"; code: "never_pulled"; status: "pending"; since: null }
  | {
      check: "data_flowing";
      code: "pull_failing" | "rate_limited";
      status: "failing";
      since: Date | null;
      failedInARow: number;
      detail: string | null;
    }
  | {
      check: "data_flowing";
      code: "throttled" | "retrying";
      status: "warning";
      since: Date | null;
      failedInARow: number;
      detail: string | null;
      holdMinutes: number;
    }
  | { check: "data_flowing"; code: "blocked_by_credentials"; status: "failing"; since: Date | null }
  | { check: "data_flowing"; code: "pulls_stalled"; status: "failing"; since: Date | null }
  | {
      check: "data_flowing";
      code: "no_recent_events";
      status: "failing";
      since: Date;
      lastEventStoredAt: Date | null;
      thresholdMinutes: number;
    }
  | { check: "data_flowing"; code: "flowing"; status: "ok"; since: Date | null; lastEventStoredAt: Date | null }
  | { check: "classification"; code: "records_classified"; status: "ok"; since: null }
  | {
      check: "classification";
      code: "classification_failures";
      status: "failing";
      since: Date | null;
      failures: number;
    }
  | VolumeFinding
  | {
      check: "coverage";
      code: "coverage_short" | "coverage_over";
      status: "failing";
      since: Date | null;
      short: number;
      over: number;
    };

export type HealthCode = HealthFinding["code"];
export type SourceFindings = { status: HealthStatus; findings: HealthFinding[]; silence: SilenceFinding | null };

/**
 * A source is healthy when every check passes (a warning, such as a throttled pull, does
 * not fail it); paused and never-pulled sources say so instead, and any failing check
 * makes it unhealthy. Silence, when there is some, carries why (./silence.ts).
 */
export function assessHealth(input: HealthInput, now: Date): SourceFindings {
  const flowing = dataFlowing(input, now);
  const volume = input.volume?.enabled ? volumeFinding(input.volume) : null;
  const findings = [
    credentials(input),
    auditLogs(input),
    flowing,
    classification(input),
    ...(volume ? [volume] : []),
    ...coverage(input),
  ];
  const silence = input.paused ? null : silenceFinding(input, flowing);
  if (input.paused) return { status: "paused", findings, silence };
  if (findings.some((finding) => finding.status === "failing")) return { status: "unhealthy", findings, silence };
  if (!input.state?.lastSuccessfulPullAt) return { status: "pending", findings, silence };
  return { status: "healthy", findings, silence };
}

/** The key as Rapid7 last judged it: rejected outright, refused the audit logs, or neither. */
export function rejectedKey(state: Pick<SourceStateFacts, "credentialsStatus"> | null): "invalid" | "forbidden" | null {
  const status = state?.credentialsStatus;
  return status === "invalid" || status === "forbidden" ? status : null;
}

/**
 * Failed pulls in a row, counting only failures other than a rejected key (the credentials
 * check covers those): 0 when the last pull did not fail. Health calls a source unhealthy
 * from the first such failure; the pull_failing alert is raised once the same count
 * reaches PULL_FAILING_AFTER.
 */
export function failedPullsInARow(
  state: Pick<SourceStateFacts, "consecutiveFailures" | "lastErrorKind"> | null,
): number {
  if (!state || state.consecutiveFailures === 0) return 0;
  return state.lastErrorKind === "credentials" || state.lastErrorKind === "permission" ? 0 : state.consecutiveFailures;
}

/**
 * Whether the current failures are transient ones still inside their hold: the pull is
 * retried and the source stays healthy ("throttled" for a 429, "retrying" otherwise).
 */
export function transientFailureHeld(
  state: Pick<SourceStateFacts, "consecutiveFailures" | "lastErrorKind" | "failingSince" | "lastErrorAt"> | null,
  now: Date,
  holdMinutes: number,
): boolean {
  if (!state || failedPullsInARow(state) === 0 || !TRANSIENT_ERROR_KINDS.has(state.lastErrorKind ?? "")) return false;
  const streakStart = state.failingSince ?? state.lastErrorAt;
  return (
    streakStart !== null && streakStart !== undefined && now.getTime() - streakStart.getTime() < holdMinutes * 60_000
  );
}

/** The pull_failing alert's rule: as many failures in a row as PULL_FAILING_AFTER, and past any transient hold. */
export function pullsKeepFailing(
  state: Pick<SourceStateFacts, "consecutiveFailures" | "lastErrorKind" | "failingSince" | "lastErrorAt"> | null,
  now: Date,
  holdMinutes: number,
): boolean {
  return failedPullsInARow(state) >= PULL_FAILING_AFTER && !transientFailureHeld(state, now, holdMinutes);
}

export type Silence = { since: Date; lastEventStoredAt: Date | null; thresholdMinutes: number; exceeded: boolean };

/**
 * How long a source has been silent, against its no-events threshold; null while its
 * no-events alert is off. The one silence clock is `lastEventStoredAt`: when Intake last
 * stored a new event from the source (or, before the first, when the source was added).
 * Both ends of the interval then come from Intake's own clock, and it is the moment a
 * person sees new data stop arriving in search; Rapid7's receive time of the newest event
 * would also count a backfill of old events as silence. Silence exceeds the threshold when
 * it lasts longer than it (not exactly as long). `countFrom` starts the count later (the
 * alert counts again from when an admin resolved its alert by hand).
 */
export function silenceOf(
  source: NoEventsSettings,
  lastEventStoredAt: Date | null,
  now: Date,
  countFrom?: Date | null,
): Silence | null {
  if (!source.noEventsAlertEnabled) return null;
  const baseline = lastEventStoredAt ?? source.createdAt;
  const since = countFrom && countFrom > baseline ? countFrom : baseline;
  const thresholdMinutes = source.noEventsThresholdMinutes;
  return {
    since,
    lastEventStoredAt,
    thresholdMinutes,
    exceeded: now.getTime() - since.getTime() > thresholdMinutes * 60_000,
  };
}

function credentials({ state, region }: HealthInput): HealthFinding {
  const since = state?.credentialsCheckedAt ?? null;
  switch (state?.credentialsStatus) {
    case "ok":
      return { check: "credentials", code: "key_accepted", status: "ok", since, region };
    case "invalid":
    case "forbidden":
      return {
        check: "credentials",
        code: `credentials_${state.credentialsStatus}`,
        status: "failing",
        since,
        detail: state.credentialsMessage,
      };
    default:
      return { check: "credentials", code: "key_unchecked", status: "pending", since: null };
  }
}

function auditLogs({ state }: HealthInput): HealthFinding {
  if (state?.lastErrorKind === "configuration")
    return {
      check: "audit_logs",
      code: "audit_logs_unreachable",
      status: "failing",
      since: state.lastErrorAt,
      detail: state.lastErrorMessage,
    };
  if (state?.credentialsStatus === "forbidden")
    return { check: "audit_logs", code: "audit_logs_forbidden", status: "failing", since: state.credentialsCheckedAt };
  if (!state?.lastSuccessfulPullAt)
    return { check: "audit_logs", code: "audit_logs_unread", status: "pending", since: null };
  return { check: "audit_logs", code: "audit_logs_read", status: "ok", since: state.lastSuccessfulPullAt };
}

function dataFlowing(input: HealthInput, now: Date): HealthFinding {
  const { state, pullIntervalMinutes } = input;
  if (!state || (!state.lastSuccessfulPullAt && state.consecutiveFailures === 0))
    return { check: "data_flowing", code: "never_pulled", status: "pending", since: null };
  const failedInARow = failedPullsInARow(state);
  const holdMinutes = input.transientHoldMinutes ?? 0;
  if (transientFailureHeld(state, now, holdMinutes))
    return {
      check: "data_flowing",
      code: state.lastErrorKind === "rate_limited" ? "throttled" : "retrying",
      status: "warning",
      since: state.failingSince ?? state.lastErrorAt,
      failedInARow,
      detail: state.lastErrorMessage,
      holdMinutes,
    };
  if (failedInARow > 0) {
    // A failing pull stores nothing: past the transient hold (or on any other error) the source is not healthy.
    return {
      check: "data_flowing",
      code: state.lastErrorKind === "rate_limited" ? "rate_limited" : "pull_failing",
      status: "failing",
      since: state.lastSuccessfulPullAt ?? state.lastErrorAt,
      failedInARow,
      detail: state.lastErrorMessage,
    };
  }
  if (state.consecutiveFailures > 0)
    return { check: "data_flowing", code: "blocked_by_credentials", status: "failing", since: state.lastErrorAt };
  const stalledAfterMs = Math.max(STALLED_AFTER_INTERVALS * pullIntervalMinutes, STALLED_AFTER_MINUTES) * 60_000;
  const lastSuccessAge = state.lastSuccessfulPullAt
    ? now.getTime() - state.lastSuccessfulPullAt.getTime()
    : Number.POSITIVE_INFINITY;
  if (lastSuccessAge > stalledAfterMs)
    return { check: "data_flowing", code: "pulls_stalled", status: "failing", since: state.lastSuccessfulPullAt };
  const silence = silenceOf(input, state.lastEventStoredAt, now);
  if (silence?.exceeded)
    return {
      check: "data_flowing",
      code: "no_recent_events",
      status: "failing",
      since: silence.since,
      lastEventStoredAt: silence.lastEventStoredAt,
      thresholdMinutes: silence.thresholdMinutes,
    };
  return {
    check: "data_flowing",
    code: "flowing",
    status: "ok",
    since: state.lastSuccessfulPullAt,
    lastEventStoredAt: state.lastEventStoredAt,
  };
}

function classification({ recentFailures, oldestRecentFailureAt }: HealthInput): HealthFinding {
  if (recentFailures === 0) return { check: "classification", code: "records_classified", status: "ok", since: null };
  return {
    check: "classification",
    code: "classification_failures",
    status: "failing",
    since: oldestRecentFailureAt,
    failures: recentFailures,
  };
}

/**
 * A coverage window that still differs from Rapid7's count after reconciliation: records
 * missing (short, even after re-reading) or more than Rapid7 holds (over: records removed
 * from Rapid7, an alarm). Only listed while there is one, so sources without coverage
 * problems keep their four checks.
 */
function coverage({ coverageDifferences }: HealthInput): HealthFinding[] {
  if (!coverageDifferences || coverageDifferences.short + coverageDifferences.over === 0) return [];
  const { short, over, since } = coverageDifferences;
  return [
    { check: "coverage", code: over > 0 ? "coverage_over" : "coverage_short", status: "failing", since, short, over },
  ];
}
