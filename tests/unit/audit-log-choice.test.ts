import { describe, expect, it } from "vitest";
import { auditLogChoiceAfterSetup } from "@/lib/sources/audit-log-choice";

const offered = ["platform", "idr", "ivm"];

describe("the audit logs the Finish step starts with", () => {
  it("is every log the first time Setup passes", () => {
    expect(auditLogChoiceAfterSetup(null, offered)).toEqual(offered);
  });

  it("keeps the person's choice when Setup runs again", () => {
    expect(auditLogChoiceAfterSetup(["idr"], offered)).toEqual(["idr"]);
  });

  it("keeps an empty choice empty, so it is reported rather than turned into every log", () => {
    expect(auditLogChoiceAfterSetup([], offered)).toEqual([]);
  });

  it("drops logs that no longer exist, and starts over when none of the chosen ones do", () => {
    expect(auditLogChoiceAfterSetup(["idr", "gone"], offered)).toEqual(["idr"]);
    expect(auditLogChoiceAfterSetup(["other-org-log"], offered)).toEqual(offered);
  });
});
