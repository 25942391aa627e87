import { describe, expect, it } from "vitest";
import {
  assessHealth,
  failedPullsInARow,
  type HealthCheckId,
  type HealthInput,
  PULL_FAILING_AFTER,
  pullsKeepFailing,
  rejectedKey,
  silenceOf,
  type SourceStateFacts,
} from "@/lib/sources/health/rules";
import { healthInput } from "../helpers/health-input";

/**
 * The health rule set on its own: which finding (code, status, since, facts) each
 * situation gives, and where each threshold flips. The words are describe.ts's business
 * (tests/unit/health.test.ts).
 */
const now = new Date("2026-06-01T12:00:00Z");
const MIN = 60_000;
const ago = (ms: number) => new Date(now.getTime() - ms);
const minutesAgo = (minutes: number) => ago(minutes * MIN);

const input = (state: Partial<SourceStateFacts> | null = {}, rest: Partial<HealthInput> = {}) =>
  healthInput(now, state, rest);

const finding = (value: HealthInput, check: HealthCheckId) =>
  assessHealth(value, now).findings.find((f) => f.check === check)!;

describe("health findings", () => {
  it("a working source: every check passes, with the facts behind it", () => {
    const { status, findings } = assessHealth(input(), now);
    expect(status).toBe("healthy");
    expect(findings).toEqual([
      { check: "credentials", code: "key_accepted", status: "ok", since: minutesAgo(5), region: "us3" },
      { check: "audit_logs", code: "audit_logs_read", status: "ok", since: minutesAgo(1) },
      {
        check: "data_flowing",
        code: "flowing",
        status: "ok",
        since: minutesAgo(1),
        lastEventStoredAt: minutesAgo(2),
      },
      { check: "classification", code: "records_classified", status: "ok", since: null },
    ]);
  });

  it("a new source: pending, never pulled, key not checked", () => {
    const fresh = assessHealth(input({ credentialsStatus: "unknown", lastSuccessfulPullAt: null }), now);
    expect(fresh.status).toBe("pending");
    expect(fresh.findings.map((f) => f.code)).toEqual([
      "key_unchecked",
      "audit_logs_unread",
      "never_pulled",
      "records_classified",
    ]);
    expect(finding(input(null), "data_flowing")).toMatchObject({ code: "never_pulled", status: "pending" });
  });

  it("paused wins over every other status, even failing checks", () => {
    const paused = assessHealth(input({ credentialsStatus: "invalid" }, { paused: true }), now);
    expect(paused.status).toBe("paused");
    expect(paused.findings[0]).toMatchObject({ code: "credentials_invalid", status: "failing" });
  });

  it("a rejected key: credentials fail with Rapid7's words, data flowing is blocked, not failing on its own", () => {
    const rejected = input({
      credentialsStatus: "invalid",
      credentialsCheckedAt: minutesAgo(3),
      credentialsMessage: "Rapid7 rejected the API key (401).",
      consecutiveFailures: 2,
      lastErrorKind: "credentials",
      lastErrorAt: minutesAgo(3),
    });
    expect(assessHealth(rejected, now).status).toBe("unhealthy");
    expect(finding(rejected, "credentials")).toEqual({
      check: "credentials",
      code: "credentials_invalid",
      status: "failing",
      since: minutesAgo(3),
      detail: "Rapid7 rejected the API key (401).",
    });
    expect(finding(rejected, "data_flowing")).toMatchObject({ code: "blocked_by_credentials", since: minutesAgo(3) });
  });

  it("a key that may not read audit logs fails both credentials and audit logs", () => {
    const forbidden = input({ credentialsStatus: "forbidden", credentialsCheckedAt: minutesAgo(4) });
    expect(finding(forbidden, "credentials")).toMatchObject({ code: "credentials_forbidden", detail: null });
    expect(finding(forbidden, "audit_logs")).toEqual({
      check: "audit_logs",
      code: "audit_logs_forbidden",
      status: "failing",
      since: minutesAgo(4),
    });
  });

  it("audit logs that cannot be queried any more (a configuration error) fail the audit logs check", () => {
    const gone = input({
      lastErrorKind: "configuration",
      lastErrorMessage: "None of this source's audit logs exist in Rapid7 any more.",
      lastErrorAt: minutesAgo(7),
    });
    expect(finding(gone, "audit_logs")).toEqual({
      check: "audit_logs",
      code: "audit_logs_unreachable",
      status: "failing",
      since: minutesAgo(7),
      detail: "None of this source's audit logs exist in Rapid7 any more.",
    });
  });

  it("failing pulls: from the first, with how many in a row; rate limits have their own code", () => {
    const failing = input({
      consecutiveFailures: 1,
      lastErrorKind: "transient",
      lastErrorMessage: "Rapid7 had a server error (503).",
      lastErrorAt: minutesAgo(1),
      lastSuccessfulPullAt: minutesAgo(30),
    });
    expect(finding(failing, "data_flowing")).toEqual({
      check: "data_flowing",
      code: "pull_failing",
      status: "failing",
      since: minutesAgo(30),
      failedInARow: 1,
      detail: "Rapid7 had a server error (503).",
    });
    // Never succeeded: since the failure.
    expect(finding(input({ ...failing.state, lastSuccessfulPullAt: null }), "data_flowing").since).toEqual(
      minutesAgo(1),
    );
    expect(finding(input({ consecutiveFailures: 2, lastErrorKind: "rate_limited" }), "data_flowing")).toMatchObject({
      code: "rate_limited",
      failedInARow: 2,
    });
  });

  it("pulls stalled: no pull completed for three intervals, and at least 15 minutes", () => {
    const at = (ms: number, pullIntervalMinutes = 1) =>
      finding(input({ lastSuccessfulPullAt: ago(ms) }, { pullIntervalMinutes }), "data_flowing").code;
    expect(at(15 * MIN)).toBe("flowing");
    expect(at(15 * MIN + 1)).toBe("pulls_stalled");
    expect(at(30 * MIN, 10)).toBe("flowing");
    expect(at(30 * MIN + 1, 10)).toBe("pulls_stalled");
  });

  it("no recent events: silent longer than the threshold, on the stored-event clock", () => {
    const silentFor = (ms: number) => input({ lastEventStoredAt: ago(ms) });
    expect(finding(silentFor(60 * MIN), "data_flowing").code).toBe("flowing");
    expect(finding(silentFor(60 * MIN + 1), "data_flowing")).toEqual({
      check: "data_flowing",
      code: "no_recent_events",
      status: "failing",
      since: ago(60 * MIN + 1),
      lastEventStoredAt: ago(60 * MIN + 1),
      thresholdMinutes: 60,
    });
    // Never stored an event: counted from when the source was added.
    const never = (createdMsAgo: number) => input({ lastEventStoredAt: null }, { createdAt: ago(createdMsAgo) });
    expect(finding(never(60 * MIN), "data_flowing").code).toBe("flowing");
    expect(finding(never(60 * MIN + 1), "data_flowing")).toMatchObject({
      code: "no_recent_events",
      since: ago(60 * MIN + 1),
      lastEventStoredAt: null,
    });
    // With the alert off, silence is not a problem.
    expect(
      finding(input({ lastEventStoredAt: minutesAgo(600) }, { noEventsAlertEnabled: false }), "data_flowing").code,
    ).toBe("flowing");
  });

  it("classification failures: how many in the window, since the oldest", () => {
    expect(finding(input({}, { recentFailures: 3, oldestRecentFailureAt: minutesAgo(40) }), "classification")).toEqual({
      check: "classification",
      code: "classification_failures",
      status: "failing",
      since: minutesAgo(40),
      failures: 3,
    });
  });
});

describe("the rules alerts decide from", () => {
  it("pulls keep failing from PULL_FAILING_AFTER failures in a row, not counting a rejected key", () => {
    const state = (consecutiveFailures: number, lastErrorKind: string | null = "transient") => ({
      consecutiveFailures,
      lastErrorKind,
      lastErrorAt: now,
    });
    expect(PULL_FAILING_AFTER).toBe(3);
    expect(pullsKeepFailing(state(2), now, 0)).toBe(false);
    expect(pullsKeepFailing(state(3), now, 0)).toBe(true);
    expect(pullsKeepFailing(state(5, "credentials"), now, 0)).toBe(false);
    expect(pullsKeepFailing(state(5, "permission"), now, 0)).toBe(false);
    expect(failedPullsInARow(state(5, "worker_lost"))).toBe(5);
    expect(failedPullsInARow(null)).toBe(0);
  });

  it("a rejected key is invalid or forbidden; anything else is not rejected", () => {
    expect(rejectedKey({ credentialsStatus: "invalid" })).toBe("invalid");
    expect(rejectedKey({ credentialsStatus: "forbidden" })).toBe("forbidden");
    expect(rejectedKey({ credentialsStatus: "ok" })).toBeNull();
    expect(rejectedKey({ credentialsStatus: "unknown" })).toBeNull();
    expect(rejectedKey(null)).toBeNull();
  });

  it("silence: from the last stored event or the source's creation, exceeded only past the threshold", () => {
    const source = { noEventsAlertEnabled: true, noEventsThresholdMinutes: 15, createdAt: minutesAgo(100) };
    expect(silenceOf(source, ago(15 * MIN), now)).toEqual({
      since: ago(15 * MIN),
      lastEventStoredAt: ago(15 * MIN),
      thresholdMinutes: 15,
      exceeded: false,
    });
    expect(silenceOf(source, ago(15 * MIN + 1), now)?.exceeded).toBe(true);
    expect(silenceOf(source, null, now)).toMatchObject({ since: minutesAgo(100), exceeded: true });
    expect(silenceOf({ ...source, noEventsAlertEnabled: false }, null, now)).toBeNull();
  });

  it("silence counted from a later moment (an alert resolved by hand) starts again from there", () => {
    const source = { noEventsAlertEnabled: true, noEventsThresholdMinutes: 15, createdAt: minutesAgo(100) };
    expect(silenceOf(source, minutesAgo(60), now, minutesAgo(10))).toMatchObject({
      since: minutesAgo(10),
      exceeded: false,
    });
    // An earlier moment than the last event changes nothing.
    expect(silenceOf(source, minutesAgo(60), now, minutesAgo(90))).toMatchObject({
      since: minutesAgo(60),
      exceeded: true,
    });
  });
});

describe("transient errors are held before they flip health", () => {
  const failing = (kind: string, startedMinutesAgo: number) =>
    input(
      {
        consecutiveFailures: 4,
        lastErrorKind: kind,
        lastErrorMessage: "Rapid7 answered 503.",
        failingSince: minutesAgo(startedMinutesAgo),
        lastErrorAt: minutesAgo(0.5),
      },
      { transientHoldMinutes: 10 },
    );

  it("a 5xx inside the hold is a warning (retrying), past it a failure; a 429 is throttled", () => {
    expect(finding(failing("transient", 9), "data_flowing")).toMatchObject({ code: "retrying", status: "warning" });
    expect(assessHealth(failing("transient", 9), now).status).toBe("healthy");
    expect(finding(failing("transient", 10), "data_flowing")).toMatchObject({
      code: "pull_failing",
      status: "failing",
    });
    expect(finding(failing("rate_limited", 9), "data_flowing")).toMatchObject({ code: "throttled", status: "warning" });
    expect(finding(failing("rate_limited", 10), "data_flowing")).toMatchObject({ code: "rate_limited" });
    // Not transient: no hold.
    expect(finding(failing("configuration", 1), "data_flowing")).toMatchObject({ status: "failing" });
    const state = failing("transient", 9).state;
    expect(pullsKeepFailing(state, now, 10)).toBe(false);
    expect(pullsKeepFailing(state, new Date(now.getTime() + MIN), 10)).toBe(true);
  });
});

describe("silence reasons", () => {
  const silence = (state: Partial<SourceStateFacts>, rest: Partial<HealthInput> = {}) =>
    assessHealth(input(state, rest), now).silence;

  it("a flowing source is not silent", () => {
    expect(silence({})).toBeNull();
  });

  it("a rejected key, reduced rights or a vanished audit log are suspicious at once", () => {
    expect(silence({ credentialsStatus: "invalid" })).toMatchObject({ reason: "key_revoked", suspicious: true });
    expect(silence({ credentialsStatus: "forbidden" })).toMatchObject({ reason: "rights_reduced", suspicious: true });
    expect(silence({ missingAuditLogIds: ["log-1"] })).toMatchObject({ reason: "audit_log_gone", suspicious: true });
  });

  it("past the threshold: unverified until Rapid7 is asked, then quiet or Intake behind", () => {
    const silent = { lastEventStoredAt: minutesAgo(90) };
    expect(silence(silent)).toMatchObject({ reason: "silence_unverified", suspicious: false });
    // An answer from before this silence began does not count.
    expect(silence({ ...silent, silenceProbeAt: minutesAgo(120), silenceProbeEvents: 0 })?.reason).toBe(
      "silence_unverified",
    );
    expect(silence({ ...silent, silenceProbeAt: minutesAgo(5), silenceProbeEvents: 0 })).toMatchObject({
      reason: "rapid7_quiet",
      rapid7Events: 0,
    });
    expect(silence({ ...silent, silenceProbeAt: minutesAgo(5), silenceProbeEvents: 1 })).toMatchObject({
      reason: "intake_behind",
      suspicious: false,
    });
    expect(silence({ lastSuccessfulPullAt: minutesAgo(30) }, { worker: "offline" })).toMatchObject({
      reason: "intake_behind",
      worker: "offline",
    });
    expect(silence({ credentialsStatus: "invalid" }, { paused: true })).toBeNull();
  });
});
