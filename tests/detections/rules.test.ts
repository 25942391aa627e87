import { describe, expect, it } from "vitest";
import { isSeverity } from "@/lib/alerts/schemas";
import { isKnownPack, listDetectionPacks } from "@/lib/detections/catalog";
import { runFixture } from "../helpers/detection-fixture-runner";
import { DETECTION_PACKS, enabledRules } from "@/lib/detections/packs";
import { RAPID7_AUDIT_LOG_TYPE } from "@/lib/detections/rapid7/log-type";
import { failedActionBurstRule } from "@/lib/detections/rules/rapid7/failed-action-burst";
import { RAPID7_AUDIT_LOG } from "@/lib/logtypes";

/**
 * Every rule of every shipped pack, run over its own fixtures through the production
 * normalizer and the in-memory twin of the SQL context. Table-driven from the rule data:
 * a new rule's fixtures run here without touching this file.
 */
const rules = DETECTION_PACKS.flatMap((pack) => pack.rules.map((rule) => ({ pack, rule })));

describe.each(rules.map(({ pack, rule }) => [rule.id, pack, rule] as const))("%s", (_id, pack, rule) => {
  it("is complete: title, description, severity, log types, dedup window", () => {
    expect(rule.title.trim().length).toBeGreaterThan(0);
    expect(rule.description.trim().length).toBeGreaterThan(40);
    expect(isSeverity(rule.severity)).toBe(true);
    expect(rule.logTypes.length).toBeGreaterThan(0);
    expect(rule.logTypes.every((logType) => pack.logTypes.includes(logType))).toBe(true);
    expect(Number.isInteger(rule.dedupWindowMinutes) && rule.dedupWindowMinutes > 0).toBe(true);
  });

  it("has at least one positive and one negative fixture, with distinct names", () => {
    expect(rule.tests.filter((fixture) => fixture.expect).length).toBeGreaterThanOrEqual(1);
    expect(rule.tests.filter((fixture) => !fixture.expect).length).toBeGreaterThanOrEqual(1);
    expect(new Set(rule.tests.map((fixture) => fixture.name)).size).toBe(rule.tests.length);
  });

  it.each(rule.tests.map((fixture) => [fixture.expect ? "matches" : "does not match", fixture.name, fixture] as const))(
    "%s: %s",
    async (_verb, _name, fixture) => {
      const outcome = await runFixture(rule, fixture);
      expect(outcome.matched).toBe(fixture.expect);
      if (fixture.expect) {
        // A match must name its alert: a usable dedup key, not a placeholder.
        expect(outcome.subject.trim().length).toBeGreaterThan(0);
        expect(outcome.subject).not.toMatch(/^unknown/);
      }
    },
  );
});

describe("the packs", () => {
  it("ship unique rule ids", () => {
    const ids = rules.map(({ rule }) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("the Rapid7 rules' log type is the normalizer's", () => {
    expect(RAPID7_AUDIT_LOG_TYPE).toBe(RAPID7_AUDIT_LOG);
  });

  it("the starter pack covers the four required detections", () => {
    const ids = DETECTION_PACKS.find((pack) => pack.id === "rapid7-audit-log")?.rules.map((rule) => rule.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "rapid7.log_or_collector_deleted",
        "rapid7.api_change_outside_window",
        "rapid7.failed_action_burst",
        "rapid7.unfamiliar_admin",
      ]),
    );
  });

  it("the catalog lists the real packs for their log type only", () => {
    const listed = listDetectionPacks(RAPID7_AUDIT_LOG);
    const pack = listed.find((summary) => summary.id === "rapid7-audit-log");
    expect(pack).toMatchObject({ name: "Rapid7 Audit Log", logTypes: [RAPID7_AUDIT_LOG], ruleCount: 5 });
    expect(listDetectionPacks("Okta.SystemLog")).toEqual([]);
    expect(listDetectionPacks()).toHaveLength(DETECTION_PACKS.length);
    expect(isKnownPack("rapid7-audit-log")).toBe(true);
    expect(isKnownPack("no-such-pack")).toBe(false);
  });

  it("a source runs each enabled rule once, only for its log type, ignoring unknown packs", () => {
    const forRapid7 = enabledRules(["rapid7-audit-log", "rapid7-audit-log", "retired-pack"], RAPID7_AUDIT_LOG).map(
      ({ rule }) => rule.id,
    );
    expect(forRapid7).toHaveLength(5);
    expect(new Set(forRapid7).size).toBe(5);
    expect(enabledRules(["rapid7-audit-log"], "Okta.SystemLog")).toEqual([]);
    expect(enabledRules([], RAPID7_AUDIT_LOG)).toEqual([]);
  });
});

describe("burst evidence", () => {
  it("links the failures that made the count, newest first, capped at the threshold", async () => {
    const rule = failedActionBurstRule();
    const positive = rule.tests.find((fixture) => fixture.name === "the fifth failure within ten minutes");
    if (!positive) throw new Error("fixture renamed");
    const outcome = await runFixture(rule, positive);
    // Context events get ids 1..4, the evaluated event 5.
    expect(outcome.evidence).toEqual([5n, 4n, 3n, 2n, 1n]);
  });

  it("a stricter configuration changes the outcome of the same records", async () => {
    const strict = failedActionBurstRule({ threshold: 6, withinMinutes: 10 });
    const positive = strict.tests.find((fixture) => fixture.name === "the fifth failure within ten minutes");
    if (!positive) throw new Error("fixture renamed");
    expect((await runFixture(strict, positive)).matched).toBe(false);
  });
});
