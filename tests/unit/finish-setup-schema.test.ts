import { describe, expect, it } from "vitest";
import { finishSetupSchema } from "@/lib/sources/onboarding-schemas";

const base = { name: "My Rapid7 logs", region: "United States - 3", apiKey: "0d9e8f7a-6b5c-4d3e-8f21-0a1b2c3d4e5f" };

describe("the Finish step's schema (the form's and the server action's)", () => {
  it("refuses an empty audit log choice instead of reading it as every log", () => {
    const result = finishSetupSchema.safeParse({ ...base, auditLogIds: [] });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toEqual([
      expect.objectContaining({ path: ["auditLogIds"], message: "Choose at least one audit log." }),
    ]);
  });

  it("takes the chosen logs and the no-events settings", () => {
    const parsed = finishSetupSchema.parse({
      ...base,
      auditLogIds: ["log-1"],
      noEventsAlertEnabled: false,
      noEventsThresholdMinutes: "180",
    });
    expect(parsed).toMatchObject({
      region: "us3",
      auditLogIds: ["log-1"],
      noEventsAlertEnabled: false,
      noEventsThresholdMinutes: 180,
    });
  });

  it("leaves the choice to the service's default (every audit log) only when it is not given at all", () => {
    expect(finishSetupSchema.parse(base).auditLogIds).toBeUndefined();
  });

  it("refuses a waiting time that is not one of the listed choices", () => {
    expect(finishSetupSchema.safeParse({ ...base, auditLogIds: ["log-1"], noEventsThresholdMinutes: 90 }).success).toBe(
      false,
    );
  });
});
