import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { healthOf } from "@/lib/sources/health/load";
import { getSource } from "@/lib/sources/service";
import { addMaintenanceWindow, endMaintenanceWindow, updateVolumeSettings } from "@/lib/sources/volume";
import { volumeSettingsSchema } from "@/lib/sources/volume-schemas";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * Volume that knows the week: the last full hour is judged against the same hour of the
 * week in the source's own history (source_event_counts, written by every stored batch;
 * here the history is laid down directly so weeks need not pass). Until three weeks of
 * history exist the check says it is learning; under the warning share it warns (medium
 * alert), under the error share it fails (high alert); a maintenance window, with an owner
 * and an expiry, suppresses it.
 */
const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
let simulator: Rapid7Simulator;
let admin: Actor;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

/** Judged at 10 minutes past an hour a week from now: the hour judged is the one before. */
const judgedHour = new Date(Math.floor((Date.now() + WEEK) / HOUR) * HOUR - HOUR);
const now = new Date(judgedHour.getTime() + HOUR + 10 * 60_000);

async function history(sourceId: string, counts: { weeksAgo: number; events: number }[]) {
  await db.sourceEventCount.deleteMany({ where: { sourceId } });
  await db.sourceEventCount.createMany({
    data: counts.map(({ weeksAgo, events }) => ({
      sourceId,
      hour: new Date(judgedHour.getTime() - weeksAgo * WEEK),
      events,
    })),
  });
}

async function volumeCheck(sourceId: string) {
  const health = (await healthOf([await getSource(sourceId)], now)).get(sourceId)!;
  return { status: health.status, check: health.checks.find((check) => check.id === "volume") };
}
const lowVolumeAlert = (sourceId: string) =>
  db.alert.findFirst({ where: { sourceId, kind: "low_volume" }, orderBy: { createdAt: "desc" } });

describe("low-volume alert against the hour-of-week baseline", () => {
  it("is off unless turned on; its settings refuse an error share above the warning share", async () => {
    const source = await createTestSource(admin);
    expect((await volumeCheck(source.id)).check).toBeUndefined();
    expect(
      volumeSettingsSchema.safeParse({
        sourceId: source.id,
        lowVolumeAlertEnabled: true,
        lowVolumeWarnPercent: 20,
        lowVolumeErrorPercent: 50,
      }).error?.issues[0],
    ).toMatchObject({ path: ["lowVolumeErrorPercent"] });
  });

  it("learns for three weeks, then warns, errs, is suppressed by a maintenance window, and resolves when volume is back", async () => {
    const source = await createTestSource(admin, { noEventsAlertEnabled: false });
    await updateVolumeSettings(admin, {
      sourceId: source.id,
      lowVolumeAlertEnabled: true,
      lowVolumeWarnPercent: 50,
      lowVolumeErrorPercent: 20,
    });

    // Two weeks of history: still learning, whatever the volume.
    await history(source.id, [
      { weeksAgo: 2, events: 100 },
      { weeksAgo: 1, events: 100 },
      { weeksAgo: 0, events: 0 },
    ]);
    expect((await volumeCheck(source.id)).check).toMatchObject({
      status: "pending",
      reason: "volume_learning",
      message: expect.stringContaining("2 of 3 weeks"),
    });
    await evaluateSourceAlerts(now);
    expect(await lowVolumeAlert(source.id)).toBeNull();

    // Three weeks averaging 100 at this hour of the week; a different hour does not count.
    const weeks = (current: number) => [
      { weeksAgo: 3, events: 90 },
      { weeksAgo: 2, events: 110 },
      { weeksAgo: 1, events: 100 },
      { weeksAgo: 0.5, events: 5_000 },
      { weeksAgo: 0, events: current },
    ];
    await history(source.id, weeks(60));
    expect((await volumeCheck(source.id)).check).toMatchObject({ status: "ok", reason: null });

    await history(source.id, weeks(30));
    expect((await volumeCheck(source.id)).check).toMatchObject({ status: "warning", reason: "low_volume_warning" });
    await evaluateSourceAlerts(now);
    expect(await lowVolumeAlert(source.id)).toMatchObject({ status: "open", severity: "medium" });

    await history(source.id, weeks(10));
    expect(await volumeCheck(source.id)).toMatchObject({
      status: "unhealthy",
      check: { status: "failing", reason: "low_volume_error" },
    });
    await evaluateSourceAlerts(now);
    expect(await lowVolumeAlert(source.id)).toMatchObject({ status: "open", severity: "high" });

    // A maintenance window (owner and expiry) suppresses it while it lasts.
    const window = await addMaintenanceWindow(
      admin,
      { sourceId: source.id, reason: "Rapid7 upgrade", startsInHours: 0, durationHours: 4 },
      new Date(now.getTime() - 60_000),
    );
    expect(window).toMatchObject({ ownerName: admin.name, endsAt: new Date(now.getTime() - 60_000 + 4 * HOUR) });
    expect((await volumeCheck(source.id)).check).toMatchObject({
      status: "ok",
      reason: "maintenance",
      message: expect.stringContaining(`Rapid7 upgrade (set by ${admin.name})`),
    });
    await evaluateSourceAlerts(now);
    expect(await lowVolumeAlert(source.id)).toMatchObject({
      status: "resolved",
      resolution: expect.stringMatching(/^Suppressed: /),
    });

    // Once the window has ended, the low hour alerts again; volume back resolves it.
    await endMaintenanceWindow(admin, { sourceId: source.id, windowId: window.id }, new Date(now.getTime() - 1));
    expect((await volumeCheck(source.id)).check).toMatchObject({ reason: "low_volume_error" });
    await evaluateSourceAlerts(now);
    expect(await lowVolumeAlert(source.id)).toMatchObject({ status: "open", severity: "high" });
    await history(source.id, weeks(95));
    await evaluateSourceAlerts(now);
    expect(await lowVolumeAlert(source.id)).toMatchObject({
      status: "resolved",
      resolution: expect.stringMatching(/^Volume is back: 95 events/),
    });
  });
});
