import { describe, expect, it } from "vitest";
import { describeHealth } from "@/lib/sources/health/describe";
import { assessHealth, type HealthInput, type SourceStateFacts } from "@/lib/sources/health/rules";
import { healthInput } from "../helpers/health-input";

/** The source's health as the pages and the REST API show it: the rules' findings, described. */
const computeHealth = (input: HealthInput, at: Date) => describeHealth(assessHealth(input, at), at);

const now = new Date("2026-06-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

const input = (state: Partial<SourceStateFacts> = {}, rest: Partial<HealthInput> = {}) => healthInput(now, state, rest);

const byId = (health: ReturnType<typeof computeHealth>, id: string) => health.checks.find((c) => c.id === id)!;

describe("source health", () => {
  it("is healthy when every check passes", () => {
    const health = computeHealth(input(), now);
    expect(health.status).toBe("healthy");
    expect(health.checks.map((c) => [c.id, c.status])).toEqual([
      ["credentials", "ok"],
      ["audit_logs", "ok"],
      ["data_flowing", "ok"],
      ["classification", "ok"],
    ]);
  });

  it("is pending before the first pull and paused when paused", () => {
    expect(computeHealth(input({ lastSuccessfulPullAt: null, credentialsStatus: "unknown" }), now).status).toBe(
      "pending",
    );
    expect(computeHealth(input({}, { paused: true }), now).status).toBe("paused");
  });

  it("names a rejected key with what to do about it", () => {
    const health = computeHealth(
      input({
        credentialsStatus: "invalid",
        credentialsMessage: "Rapid7 rejected the API key (401).",
        consecutiveFailures: 1,
        lastErrorKind: "credentials",
      }),
      now,
    );
    expect(health.status).toBe("unhealthy");
    expect(byId(health, "credentials")).toMatchObject({
      status: "failing",
      reason: "credentials_invalid",
      message: "Rapid7 rejected the API key (401).",
      action: expect.stringContaining("Replace the API key"),
    });
    expect(byId(health, "data_flowing")).toMatchObject({ status: "failing", reason: "blocked_by_credentials" });
  });

  it("is unhealthy from the first failed pull on, never Healthy while pulls fail", () => {
    const once = computeHealth(
      input({
        consecutiveFailures: 1,
        lastErrorKind: "transient",
        lastErrorMessage: "Rapid7 had a server error (503).",
      }),
      now,
    );
    expect(once.status).toBe("unhealthy");
    expect(byId(once, "data_flowing")).toMatchObject({
      status: "failing",
      reason: "pull_failing",
      message: "1 pull in a row failed: Rapid7 had a server error (503).",
    });
    const workerDied = computeHealth(
      input({
        consecutiveFailures: 1,
        lastErrorKind: "worker_lost",
        lastErrorMessage: "The worker running this pull is gone.",
      }),
      now,
    );
    expect(workerDied.status).toBe("unhealthy");
    const rateLimited = computeHealth(
      input({
        consecutiveFailures: 1,
        lastErrorKind: "rate_limited",
        lastErrorMessage: "Rapid7's rate limit for this key is used up.",
      }),
      now,
    );
    expect(byId(rateLimited, "data_flowing")).toMatchObject({ status: "failing", reason: "rate_limited" });
    const sustained = computeHealth(
      input({
        consecutiveFailures: 3,
        lastErrorKind: "transient",
        lastErrorMessage: "Rapid7 had a server error (503).",
      }),
      now,
    );
    expect(sustained.status).toBe("unhealthy");
    expect(byId(sustained, "data_flowing").message).toBe("3 pulls in a row failed: Rapid7 had a server error (503).");
  });

  it("notices pulls that stopped completing", () => {
    expect(byId(computeHealth(input({ lastSuccessfulPullAt: minutesAgo(20) }), now), "data_flowing")).toMatchObject({
      status: "failing",
      reason: "pulls_stalled",
    });
    expect(
      byId(
        computeHealth(input({ lastSuccessfulPullAt: minutesAgo(20) }, { pullIntervalMinutes: 10 }), now),
        "data_flowing",
      ).status,
    ).toBe("ok");
  });

  it("says when Intake last stored a new event, and fails data flowing past the no-events threshold while that alert is on", () => {
    expect(byId(computeHealth(input(), now), "data_flowing").message).toBe(
      "Pulls complete on schedule; Intake last stored a new event 2m ago.",
    );
    expect(
      byId(computeHealth(input({ lastEventStoredAt: null }, { createdAt: minutesAgo(30) }), now), "data_flowing")
        .message,
    ).toBe("Pulls complete on schedule; no events stored yet.");

    const silent = computeHealth(input({ lastEventStoredAt: minutesAgo(90) }, { noEventsThresholdMinutes: 60 }), now);
    expect(silent.status).toBe("unhealthy");
    expect(byId(silent, "data_flowing")).toMatchObject({
      status: "failing",
      reason: "no_recent_events",
      since: minutesAgo(90),
      message:
        "Pulls complete, but Intake last stored a new event 1h ago, longer ago than this source's no-events threshold.",
    });
    // Never an event: counted from when the source was added.
    expect(
      byId(
        computeHealth(
          input({ lastEventStoredAt: null }, { noEventsThresholdMinutes: 60, createdAt: minutesAgo(61) }),
          now,
        ),
        "data_flowing",
      ).reason,
    ).toBe("no_recent_events");
    expect(
      byId(
        computeHealth(
          input({ lastEventStoredAt: null }, { noEventsThresholdMinutes: 60, createdAt: minutesAgo(59) }),
          now,
        ),
        "data_flowing",
      ).status,
    ).toBe("ok");
    // With the alert off, a quiet source is not a problem.
    expect(
      computeHealth(input({ lastEventStoredAt: minutesAgo(90) }, { noEventsAlertEnabled: false }), now).status,
    ).toBe("healthy");
  });

  it("counts classification failures of the last 24 hours", () => {
    const health = computeHealth(input({}, { recentFailures: 2, oldestRecentFailureAt: minutesAgo(30) }), now);
    expect(health.status).toBe("unhealthy");
    expect(byId(health, "classification")).toMatchObject({
      status: "failing",
      since: minutesAgo(30),
      message: "2 records in the last 24 hours did not match Rapid7.AuditLog.",
    });
  });
});
