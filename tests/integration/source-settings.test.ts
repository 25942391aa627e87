import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/verify";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { runPull } from "@/lib/sources/pull/pull";
import { DEMO_US3_ADMIN_KEY, DEMO_US3_READONLY_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { openSourceApiKey } from "@/lib/sources/api-key";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { type UpdateSourceSettingsInput, updateSourceSettingsSchema } from "@/lib/sources/schemas";
import {
  deleteSource,
  getSource,
  listSources,
  replaceApiKey,
  setSourcePaused,
  updateSourceSettings,
} from "@/lib/sources/service";
import { parseInput } from "@/lib/validation";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

let simulator: Rapid7Simulator;
let admin: Actor;
const log = createLogger({ test: "source-settings" });

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

/** What the settings action does before calling the service: parse with the form's schema. */
async function update(actor: Actor, raw: UpdateSourceSettingsInput) {
  return updateSourceSettings(actor, parseInput(updateSourceSettingsSchema, raw));
}

function settingsOf(source: Awaited<ReturnType<typeof getSource>>) {
  return {
    sourceId: source.id,
    name: source.name,
    pullIntervalMinutes: source.pullIntervalMinutes,
    retentionDays: source.retentionDays,
    noEventsAlertEnabled: source.noEventsAlertEnabled,
    noEventsThresholdMinutes: source.noEventsThresholdMinutes,
    detectionPacks: source.detectionPacks,
    auditLogIds: parseStoredAuditLogs(source.auditLogs).map((l) => l.id),
  };
}

describe("source settings", () => {
  // Analysts are refused at the boundary: server-action-roles proves it for every action.
  it("updates settings and keeps names unique", async () => {
    const source = await createTestSource(admin);
    const other = await createTestSource(admin);
    const [first] = parseStoredAuditLogs(source.auditLogs);
    const updated = await update(admin, {
      ...settingsOf(source),
      name: "Renamed source",
      pullIntervalMinutes: 5,
      retentionDays: 30,
      noEventsThresholdMinutes: 60,
      auditLogIds: [first!.id],
    });
    expect(updated).toMatchObject({
      name: "Renamed source",
      pullIntervalMinutes: 5,
      retentionDays: 30,
      noEventsThresholdMinutes: 60,
    });
    expect(parseStoredAuditLogs(updated.auditLogs).map((l) => l.id)).toEqual([first!.id]);
    await expect(update(admin, { ...settingsOf(other), name: "RENAMED SOURCE" })).rejects.toMatchObject({
      fieldErrors: { name: expect.stringContaining("already exists") },
    });
    await expect(update(admin, { ...settingsOf(updated), noEventsThresholdMinutes: 7 })).rejects.toMatchObject({
      fieldErrors: { noEventsThresholdMinutes: expect.any(String) },
    });
  });

  it("replaces the key only after Rapid7 accepted the new one, so a bad key never breaks a working source", async () => {
    const key = `replaceable-${Date.now()}`;
    simulator.control.addKey({ key, region: "us3", admin: true });
    const source = await createTestSource(admin);
    const before = await db.logSource.findUniqueOrThrow({ where: { id: source.id } });

    await expect(
      replaceApiKey(admin, { sourceId: source.id, region: "us3", apiKey: "typo-typo-typo-typo-typo" }),
    ).rejects.toMatchObject({ fieldErrors: { apiKey: expect.stringContaining("rejected") } });
    await expect(
      replaceApiKey(admin, { sourceId: source.id, region: "us3", apiKey: DEMO_US3_READONLY_KEY }),
    ).rejects.toMatchObject({ fieldErrors: { apiKey: expect.stringContaining("may not read audit logs") } });
    expect((await db.logSource.findUniqueOrThrow({ where: { id: source.id } })).apiKeyEncrypted).toBe(
      before.apiKeyEncrypted,
    );

    await replaceApiKey(admin, { sourceId: source.id, region: "us3", apiKey: key });
    const after = await db.logSource.findUniqueOrThrow({ where: { id: source.id } });
    expect(openSourceApiKey(after)).toBe(key);
    expect(after.apiKeyEncrypted).not.toBe(before.apiKeyEncrypted);
    expect((await runPull(source.id, { trigger: "manual", log })).status).toBe("succeeded");
  });

  it("deleting keeps the events (source gone, name free) or purges everything", async () => {
    const kept = await createTestSource(admin, { initialLookbackHours: 3 });
    await runPull(kept.id, { trigger: "manual", log });
    const keptEvents = await db.event.count({ where: { sourceId: kept.id } });
    expect(keptEvents).toBeGreaterThan(0);
    await expect(
      deleteSource(admin, { sourceId: kept.id, confirmName: "wrong", keepEvents: true }),
    ).rejects.toMatchObject({ fieldErrors: { confirmName: expect.stringContaining(kept.name) } });
    await deleteSource(admin, { sourceId: kept.id, confirmName: kept.name, keepEvents: true });
    expect(await db.event.count({ where: { sourceId: kept.id } })).toBe(keptEvents);
    expect((await listSources()).map((s) => s.id)).not.toContain(kept.id);
    const row = await db.logSource.findUniqueOrThrow({ where: { id: kept.id } });
    expect(row.apiKeyEncrypted).toBe("erased");
    expect((await runPull(kept.id, { trigger: "manual", log })).status).toBe("skipped");
    // The name is free again.
    await createTestSource(admin, { name: kept.name });

    const purged = await createTestSource(admin, { initialLookbackHours: 3 });
    await runPull(purged.id, { trigger: "manual", log });
    await deleteSource(admin, { sourceId: purged.id, confirmName: purged.name, keepEvents: false });
    expect(await db.event.count({ where: { sourceId: purged.id } })).toBe(0);
    expect(await db.logSource.count({ where: { id: purged.id } })).toBe(0);
  });

  it("records every source change in the audit trail, without the key, and the chain verifies", async () => {
    const source = await createTestSource(admin, { apiKey: DEMO_US3_ADMIN_KEY });
    await setSourcePaused(admin, source.id, true);
    await setSourcePaused(admin, source.id, false);
    const current = await getSource(source.id);
    await update(admin, {
      ...settingsOf(current),
      noEventsAlertEnabled: false,
      noEventsThresholdMinutes: 30,
    });
    await replaceApiKey(admin, { sourceId: source.id, region: "us3", apiKey: DEMO_US3_ADMIN_KEY });
    await deleteSource(admin, { sourceId: source.id, confirmName: source.name, keepEvents: true });

    const entries = await db.auditLogEntry.findMany({ where: { targetId: source.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => e.action)).toEqual([
      "source.created",
      "source.paused",
      "source.resumed",
      "source.updated",
      "source.key_replaced",
      "source.deleted",
    ]);
    expect(entries.every((e) => e.actorId === admin.id && e.targetLabel === source.name)).toBe(true);
    const updated = entries.find((e) => e.action === "source.updated")!.diff as {
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    };
    expect(updated).toEqual({
      before: { noEventsAlertEnabled: true, noEventsThresholdMinutes: 1440 },
      after: { noEventsAlertEnabled: false, noEventsThresholdMinutes: 30 },
    });
    expect(entries.find((e) => e.action === "source.key_replaced")!.diff).toEqual({
      before: { apiKey: "[changed]" },
      after: { apiKey: "[changed]" },
    });
    expect(
      JSON.stringify(entries, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
    ).not.toContain(DEMO_US3_ADMIN_KEY);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("records turning detection packs on and off as source.updated with the packs before and after, and the chain verifies", async () => {
    const PACK = "rapid7-audit-log";
    // Packs chosen on the success screen are part of the source as created.
    const withPack = await createTestSource(admin, { detectionPacks: [PACK] });
    const created = await db.auditLogEntry.findFirstOrThrow({
      where: { targetId: withPack.id, action: "source.created" },
    });
    expect((created.diff as { after: Record<string, unknown> }).after).toMatchObject({ detectionPacks: [PACK] });

    const source = await createTestSource(admin);
    const packsChanges = async () =>
      (
        await db.auditLogEntry.findMany({
          where: { targetId: source.id, action: "source.updated" },
          orderBy: { id: "asc" },
        })
      ).map((entry) => ({
        actorId: entry.actorId,
        targetLabel: entry.targetLabel,
        diff: entry.diff,
      }));

    await update(admin, { ...settingsOf(await getSource(source.id)), detectionPacks: [PACK] });
    expect(await packsChanges()).toEqual([
      {
        actorId: admin.id,
        targetLabel: source.name,
        diff: { before: { detectionPacks: [] }, after: { detectionPacks: [PACK] } },
      },
    ]);
    // Turning packs on starts detection at the source's newest event.
    expect(await db.detectionCursor.findUnique({ where: { sourceId: source.id } })).not.toBeNull();

    // Saving other settings with the packs left as they are does not mention them.
    await update(admin, { ...settingsOf(await getSource(source.id)), retentionDays: 45 });
    expect((await packsChanges())[1]!.diff).toEqual({ before: { retentionDays: 90 }, after: { retentionDays: 45 } });

    await update(admin, { ...settingsOf(await getSource(source.id)), detectionPacks: [] });
    const changes = await packsChanges();
    expect(changes).toHaveLength(3);
    expect(changes[2]).toEqual({
      actorId: admin.id,
      targetLabel: source.name,
      diff: { before: { detectionPacks: [PACK] }, after: { detectionPacks: [] } },
    });

    // A refused toggle (a pack that does not exist) records nothing.
    await expect(
      update(admin, {
        ...settingsOf(await getSource(source.id)),
        detectionPacks: ["retired-pack"],
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await packsChanges()).toHaveLength(3);

    expect(await verifyAuditChain()).toMatchObject({ ok: true, checked: await db.auditLogEntry.count() });
  });
});
