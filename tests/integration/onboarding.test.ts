import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { ForbiddenError } from "@/lib/errors";
import {
  DEMO_EU_NO_AUDIT_KEY,
  DEMO_US3_ADMIN_KEY,
  DEMO_US3_READONLY_KEY,
  type Rapid7Simulator,
} from "@/simulator/rapid7";
import { checkApiKey, detectRegion, findAuditLogs, previewAuditLogs } from "@/lib/sources/onboarding";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";

let simulator: Rapid7Simulator;
let admin: Actor;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 3 });
  admin = await createActor("ADMIN");
});
afterAll(() => simulator.close());

describe("onboarding checks", () => {
  it("detect region finds the one region that accepts the key", async () => {
    const { region, probes } = await detectRegion(admin, { apiKey: DEMO_US3_ADMIN_KEY });
    expect(region).toBe("us3");
    expect(probes.filter((p) => p.outcome === "accepted").map((p) => p.region)).toEqual(["us3"]);
    expect((await detectRegion(admin, { apiKey: "no-such-key-anywhere-0000" })).region).toBeNull();
  });

  it("each stage says exactly what is wrong", async () => {
    await expect(checkApiKey(admin, { region: "eu", apiKey: DEMO_US3_ADMIN_KEY })).rejects.toMatchObject({
      fieldErrors: { apiKey: expect.stringContaining("Europe (eu)") },
    });
    await expect(findAuditLogs(admin, { region: "eu", apiKey: DEMO_EU_NO_AUDIT_KEY })).rejects.toThrow(
      /no audit logs yet/,
    );
    const { auditLogs } = await findAuditLogs(admin, { region: "us3", apiKey: DEMO_US3_READONLY_KEY });
    await expect(
      previewAuditLogs(admin, {
        name: "x",
        region: "us3",
        apiKey: DEMO_US3_READONLY_KEY,
        auditLogIds: auditLogs.map((l) => l.id),
      }),
    ).rejects.toMatchObject({ fieldErrors: { apiKey: expect.stringContaining("may not read audit logs") } });
    await expect(checkApiKey(admin, { region: "Mars", apiKey: DEMO_US3_ADMIN_KEY })).rejects.toMatchObject({
      fieldErrors: { region: expect.stringContaining("is not a Rapid7 region") },
    });
  });

  it("the preview shows the newest audit events, normalized, and stores nothing", async () => {
    const { auditLogs } = await findAuditLogs(admin, { region: "us3", apiKey: DEMO_US3_ADMIN_KEY });
    const fresh = simulator.control.appendEvents({
      region: "us3",
      logId: auditLogs[0]!.id,
      count: 1,
      envelopeTimestampMs: Date.now() - 1_000,
    });
    const { preview } = await previewAuditLogs(admin, {
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

  it("is for admins only", async () => {
    const analyst = await createActor("ANALYST");
    await expect(detectRegion(analyst, { apiKey: DEMO_US3_ADMIN_KEY })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(checkApiKey(analyst, { region: "us3", apiKey: DEMO_US3_ADMIN_KEY })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});
