import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  DEMO_EU_NO_AUDIT_KEY,
  DEMO_US3_ADMIN_KEY,
  DEMO_US3_READONLY_KEY,
  type Rapid7Simulator,
} from "@/simulator/rapid7";
import { checkApiKey, detectRegion, findAuditLogs, previewAuditLogs } from "@/lib/sources/onboarding";
import { credentialsStepSchema } from "@/lib/sources/onboarding-schemas";
import { parseInput } from "@/lib/validation";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";

let simulator: Rapid7Simulator;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 3 });
});
afterAll(() => simulator.close());

describe("onboarding checks", () => {
  it("detect region finds the one region that accepts the key", async () => {
    const { region, probes } = await detectRegion({ apiKey: DEMO_US3_ADMIN_KEY });
    expect(region).toBe("us3");
    expect(probes.filter((p) => p.outcome === "accepted").map((p) => p.region)).toEqual(["us3"]);
    expect((await detectRegion({ apiKey: "no-such-key-anywhere-0000" })).region).toBeNull();
  });

  it("each stage says exactly what is wrong", async () => {
    await expect(checkApiKey({ region: "eu", apiKey: DEMO_US3_ADMIN_KEY })).rejects.toMatchObject({
      fieldErrors: { apiKey: expect.stringContaining("Europe (eu)") },
    });
    await expect(findAuditLogs({ region: "eu", apiKey: DEMO_EU_NO_AUDIT_KEY })).rejects.toThrow(/no audit logs yet/);
    const { auditLogs } = await findAuditLogs({ region: "us3", apiKey: DEMO_US3_READONLY_KEY });
    await expect(
      previewAuditLogs({
        name: "x",
        region: "us3",
        apiKey: DEMO_US3_READONLY_KEY,
        auditLogIds: auditLogs.map((l) => l.id),
      }),
    ).rejects.toMatchObject({ fieldErrors: { apiKey: expect.stringContaining("may not read audit logs") } });
    // Parsed by the step's schema in the action, before any request to Rapid7.
    await expect(async () =>
      checkApiKey(parseInput(credentialsStepSchema, { region: "Mars", apiKey: DEMO_US3_ADMIN_KEY })),
    ).rejects.toMatchObject({
      fieldErrors: { region: expect.stringContaining("is not a Rapid7 region") },
    });
  });

  it("the preview shows the newest audit events, normalized, and stores nothing", async () => {
    const { auditLogs } = await findAuditLogs({ region: "us3", apiKey: DEMO_US3_ADMIN_KEY });
    const fresh = simulator.control.appendEvents({
      region: "us3",
      logId: auditLogs[0]!.id,
      count: 1,
      envelopeTimestampMs: Date.now() - 1_000,
    });
    const { preview } = await previewAuditLogs({
      name: "Preview",
      region: "us3",
      apiKey: DEMO_US3_ADMIN_KEY,
      auditLogIds: auditLogs.map((l) => l.id),
    });
    expect(preview.length).toBeGreaterThan(5);
    // The newest entry (just appended) comes first, not one of the oldest of the week.
    expect(Date.now() - new Date(preview[0]!.time).getTime()).toBeLessThan(60_000);
    const times = preview.map((p) => new Date(p.time).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(fresh).toHaveLength(1);
    expect(await db.logSource.count()).toBe(0);
    expect(await db.event.count()).toBe(0);
  });
});
