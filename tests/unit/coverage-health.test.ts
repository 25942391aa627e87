import { describe, expect, it } from "vitest";
import { describeHealth } from "@/lib/sources/health/describe";
import { assessHealth } from "@/lib/sources/health/rules";
import { healthInput } from "../helpers/health-input";

/** Coverage in health: a window that still differs from Rapid7's count makes the source unhealthy, saying how. */
const now = new Date("2026-12-06T12:00:00Z");
const since = new Date("2026-12-06T09:15:00Z");

describe("the coverage health check", () => {
  it("is not listed while every window matches", () => {
    for (const coverageDifferences of [undefined, { short: 0, over: 0, since: null }]) {
      const findings = assessHealth(healthInput(now, {}, { coverageDifferences }), now);
      expect(findings.status).toBe("healthy");
      expect(findings.findings.map((f) => f.check)).not.toContain("coverage");
    }
  });

  it("raises a surplus (records removed from Rapid7) as coverage_over, an alarm", () => {
    const findings = assessHealth(healthInput(now, {}, { coverageDifferences: { short: 1, over: 2, since } }), now);
    expect(findings.status).toBe("unhealthy");
    const check = describeHealth(findings, now).checks.find((c) => c.id === "coverage")!;
    expect(check).toMatchObject({ label: "Coverage complete", status: "failing", reason: "coverage_over", since });
    expect(check.message).toMatch(
      /^2 windows hold more records in Intake than Rapid7 counts.* 1 window still misses records Rapid7 holds, after reading it again/,
    );
  });

  it("raises windows still short after re-reading as coverage_short", () => {
    const findings = assessHealth(healthInput(now, {}, { coverageDifferences: { short: 3, over: 0, since } }), now);
    const check = describeHealth(findings, now).checks.find((c) => c.id === "coverage")!;
    expect(check).toMatchObject({ status: "failing", reason: "coverage_short" });
    expect(check.message).toContain("3 windows still miss records Rapid7 holds");
  });
});
