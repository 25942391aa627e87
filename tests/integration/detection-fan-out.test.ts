import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOTIFICATIONS_PER_ALERT } from "@/lib/alerts/notify";
import { raiseAlert, resolveAlertByKey } from "@/lib/alerts/service";
import type { Actor } from "@/lib/auth/roles";
import { db, pool } from "@/lib/db";
import { initDetectionCursor } from "@/lib/detections/cursor";
import { runDetections } from "@/lib/detections/runner";
import { createDestination } from "@/lib/destinations/service";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { allowDestinationHosts } from "../helpers/destination-hosts";
import { insertSource, seedEvents } from "../helpers/seed-events";

/**
 * Whoever writes the audit log chooses the actor of its events. Detection alerts used to
 * be split per actor, so one burst under 40 made-up email addresses opened 40 alerts and
 * sent 40 notifications to every destination. Now one rule has one alert per source and
 * dedup window, listing the actors, and no alert notifies a destination more than
 * NOTIFICATIONS_PER_ALERT times before it is resolved.
 */
const log = createLogger({ test: "detection-fan-out" });
const run = Math.random().toString(36).slice(2, 8);
let admin: Actor;

beforeAll(async () => {
  // Destinations on a loopback port nothing listens on: deliveries are queued, never sent.
  allowDestinationHosts(["127.0.0.1"]);
  await useTestDatabase();
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
});

async function destination(name: string, minSeverity: "low" | "high" = "low") {
  return createDestination(admin, {
    name: `${name} ${run}`,
    type: "webhook",
    url: "http://127.0.0.1:9/fan-out",
    alertKinds: ["detection"],
    minSeverity,
  });
}

async function triggersOf(destinationId: string, alertId?: string): Promise<string[]> {
  const rows = await db.alertDelivery.findMany({
    where: { destinationId, ...(alertId ? { alertId } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => row.trigger);
}

describe("a burst under many actors", () => {
  it("40 distinct actor emails in one burst raise one alert and a bounded number of notifications", async () => {
    const hook = await destination("Burst hook");
    const source = await insertSource(pool(), { name: `Fan-out ${run}` });
    await pool().query("UPDATE log_sources SET detection_packs = $2 WHERE id = $1", [source.id, ["rapid7-audit-log"]]);
    await initDetectionCursor(db, source.id, { fromStart: true });
    const start = Date.parse("2026-01-06T10:00:00.000Z");
    const actors = Array.from({ length: 40 }, (_, i) => `intruder${String(i).padStart(2, "0")}@example.com`);
    await seedEvents(
      pool(),
      source,
      actors.map((email, i) => ({
        time: new Date(start + i * 2_000),
        action: "LOG_DELETED",
        email,
        description: `Log "audit-${i}" was deleted`,
      })),
    );

    // Small batches: the alert opens, then is updated batch after batch.
    const result = await runDetections(source.id, { batchSize: 7, log });
    expect(result).toMatchObject({ evaluated: 40, matches: 40, alertsOpened: 1, alertsUpdated: 5 });

    const alerts = await db.alert.findMany({ where: { sourceId: source.id } });
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert).toMatchObject({
      ruleId: "rapid7.log_or_collector_deleted",
      eventCount: 40,
      title: "Log, collector, honeypot or orchestrator deleted: intruder00@example.com and 6 others",
    });
    expect(alert!.context).toMatchObject({ subjects: actors, moreSubjects: false });

    // Opened, then the update at 10 events; the others are "seen again".
    const triggers = await triggersOf(hook.id);
    expect(triggers).toEqual(["opened", "updated"]);
    expect(triggers.length).toBeLessThanOrEqual(NOTIFICATIONS_PER_ALERT);
  });
});

describe("the notification limit", () => {
  it("stops updates of one alert at the limit per destination; the resolution is still sent", async () => {
    const hook = await destination("Limited hook");
    const source = await insertSource(pool(), { name: `Limit ${run}` });
    await seedEvents(
      pool(),
      source,
      Array.from({ length: 120 }, (_, i) => ({
        time: new Date(Date.now() - (120 - i) * 1_000),
        action: "SAVE_POLICY",
        result: "FAILURE",
        email: "mallory@example.com",
      })),
    );
    const ids = (
      await db.event.findMany({ where: { sourceId: source.id }, select: { id: true }, orderBy: { id: "asc" } })
    ).map((row) => row.id);
    const dedupKey = `fan-out:${run}:limit`;
    const raise = (severity: "low" | "medium" | "high" | "critical", upTo: number) =>
      raiseAlert({
        kind: "detection",
        severity,
        dedupKey,
        title: "Many changes",
        sourceId: source.id,
        ruleId: "test.rule",
        eventIds: ids.slice(0, upTo),
      });

    const { alertId } = await raise("low", 1); // opened
    await raise("medium", 2); // escalated
    await raise("high", 3); // escalated
    await raise("high", 12); // reached 10
    await raise("critical", 13); // escalated: the fifth notification
    await raise("critical", 110); // reached 100: over the limit
    expect(await triggersOf(hook.id, alertId)).toEqual(["opened", "updated", "updated", "updated", "updated"]);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alertId } })).toMatchObject({
      severity: "critical",
      eventCount: 110,
    });

    await resolveAlertByKey(dedupKey, "Handled.");
    expect(await triggersOf(hook.id, alertId)).toEqual([
      "opened",
      "updated",
      "updated",
      "updated",
      "updated",
      "resolved",
    ]);
  });
});
