import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import { resolveAlert } from "@/lib/alerts/service";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { runPull } from "@/lib/sources/pull/pull";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { recheckCredentials } from "@/lib/sources/credential-check";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { deleteSource, setSourcePaused } from "@/lib/sources/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The issue's scenario through the real pipeline: a source on the Rapid7 simulator pulls,
 * then goes silent. Time is driven with evaluateSourceAlerts' `now`, never by sleeping.
 */
let simulator: Rapid7Simulator;
let admin: Actor;
const log = createLogger({ test: "no-events-alert" });
const MIN = 60_000;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

function resetSimulator() {
  simulator.control.resetKnobs();
  simulator.control.clearFaults();
  simulator.control.setChaos(null);
  simulator.control.setKnobs({ pendingPolls: 0 });
}

async function pull(sourceId: string) {
  return runPull(sourceId, { trigger: "manual", log, settings: { delayMs: 0 } });
}

async function alertsOf(sourceId: string, kind: string) {
  return db.alert.findMany({ where: { kind, dedupKey: `${kind}:${sourceId}` }, orderBy: { createdAt: "asc" } });
}

async function lastStoredAt(sourceId: string): Promise<Date> {
  const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId } });
  expect(state.lastEventStoredAt).toBeInstanceOf(Date);
  return state.lastEventStoredAt!;
}

describe("no events alert", () => {
  it("fires once after the threshold of silence, stays one alert, and resolves when events are stored again", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { noEventsThresholdMinutes: 15, initialLookbackHours: 2 });
    expect((await pull(source.id)).status).toBe("succeeded");
    const storedAt = await lastStoredAt(source.id);

    // Silent, but not for long enough yet.
    expect((await evaluateSourceAlerts(new Date(storedAt.getTime() + 14 * MIN))).raised).not.toContain(
      `no_events:${source.id}`,
    );
    expect(await alertsOf(source.id, "no_events")).toHaveLength(0);

    // A pull that finds nothing new does not count as events.
    expect(await pull(source.id)).toMatchObject({ status: "succeeded", counters: { inserted: 0 } });
    expect(await lastStoredAt(source.id)).toEqual(storedAt);

    const fired = await evaluateSourceAlerts(new Date(storedAt.getTime() + 15 * MIN + 1_000));
    expect(fired.raised).toContain(`no_events:${source.id}`);
    const [opened, ...more] = await alertsOf(source.id, "no_events");
    let alert = opened;
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      status: "open",
      severity: "critical",
      sourceId: source.id,
      sourceName: source.name,
      title: `No events from ${source.name} for 15 minutes`,
    });
    expect(alert!.description).toContain("Intake has stored no new event from this source since");

    // Further evaluations while it stays silent: still one alert, its last-seen time moves.
    for (const minutes of [16, 20, 45, 120]) await evaluateSourceAlerts(new Date(storedAt.getTime() + minutes * MIN));
    const alerts = await alertsOf(source.id, "no_events");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.lastSeenAt).toEqual(new Date(storedAt.getTime() + 120 * MIN));
    expect(await db.alertActivity.count({ where: { alertId: alert!.id } })).toBe(1);

    // Events resume: the next pull stores them, the next evaluation resolves the alert.
    const [logId] = parseStoredAuditLogs(source.auditLogs).map((l) => l.id);
    simulator.control.appendEvents({ region: "us3", logId, count: 4, envelopeTimestampMs: Date.now() - 1_000 });
    expect(await pull(source.id)).toMatchObject({ status: "succeeded", counters: { inserted: 4 } });
    const resolvedAt = new Date(storedAt.getTime() + 121 * MIN);
    const resolved = await evaluateSourceAlerts(resolvedAt);
    expect(resolved.resolved).toContain(`no_events:${source.id}`);
    [alert] = await alertsOf(source.id, "no_events");
    expect(alert).toMatchObject({ status: "resolved", openKey: null, resolvedAt, resolvedById: null });
    expect(alert!.resolution).toMatch(/^Events are flowing again: 4 stored since \d{2} \w{3} \d{4}, .* UTC\.$/);
    const activities = await db.alertActivity.findMany({ where: { alertId: alert!.id }, orderBy: { id: "asc" } });
    expect(activities.map((a) => [a.action, a.actorLabel])).toEqual([
      ["opened", "Intake"],
      ["resolved", "Intake"],
    ]);

    // Within the threshold after the new events, nothing new fires.
    const storedAgain = await lastStoredAt(source.id);
    expect(storedAgain.getTime()).toBeGreaterThan(storedAt.getTime());
    await evaluateSourceAlerts(new Date(storedAgain.getTime() + 10 * MIN));
    expect(await alertsOf(source.id, "no_events")).toHaveLength(1);
  });

  it("counts from when the source was added if it never stored an event", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { noEventsThresholdMinutes: 30 });
    const created = (await db.logSource.findUniqueOrThrow({ where: { id: source.id } })).createdAt;
    await evaluateSourceAlerts(new Date(created.getTime() + 29 * MIN));
    expect(await alertsOf(source.id, "no_events")).toHaveLength(0);
    await evaluateSourceAlerts(new Date(created.getTime() + 31 * MIN));
    const [alert] = await alertsOf(source.id, "no_events");
    expect(alert).toMatchObject({ status: "open", title: `No events from ${source.name} for 30 minutes` });
    expect(alert!.description).toContain("since it was added");
    expect(alert!.description).toContain("No pull of this source has succeeded yet");
  });

  it("resolves with the reason when the alert is turned off or the source paused, and does not fire for them", async () => {
    resetSimulator();
    const turnedOff = await createTestSource(admin, { noEventsThresholdMinutes: 15 });
    const paused = await createTestSource(admin, { noEventsThresholdMinutes: 15 });
    const later = (minutes: number) => new Date(Date.now() + minutes * MIN);
    await evaluateSourceAlerts(later(20));
    expect((await alertsOf(turnedOff.id, "no_events"))[0]?.status).toBe("open");
    expect((await alertsOf(paused.id, "no_events"))[0]?.status).toBe("open");

    await db.logSource.update({ where: { id: turnedOff.id }, data: { noEventsAlertEnabled: false } });
    await setSourcePaused(admin, paused.id, true);
    await evaluateSourceAlerts(later(21));
    expect(await alertsOf(turnedOff.id, "no_events")).toMatchObject([
      { status: "resolved", resolution: "The no-events alert was turned off for this source." },
    ]);
    expect(await alertsOf(paused.id, "no_events")).toMatchObject([
      { status: "resolved", resolution: "The source was paused, so Intake stopped checking it." },
    ]);

    await evaluateSourceAlerts(later(60));
    expect(await alertsOf(turnedOff.id, "no_events")).toHaveLength(1);
    expect(await alertsOf(paused.id, "no_events")).toHaveLength(1);
  });

  it("after an admin resolves it by hand while the source is still silent, it comes back only after another full threshold", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { noEventsThresholdMinutes: 15 });
    const created = (await db.logSource.findUniqueOrThrow({ where: { id: source.id } })).createdAt;
    await evaluateSourceAlerts(new Date(created.getTime() + 16 * MIN));
    const [first] = await alertsOf(source.id, "no_events");
    await resolveAlert(admin, first!.id, "Known: the vendor is migrating us.");
    const resolvedAt = (await db.alert.findUniqueOrThrow({ where: { id: first!.id } })).resolvedAt!;

    await evaluateSourceAlerts(new Date(resolvedAt.getTime() + 14 * MIN));
    expect(await alertsOf(source.id, "no_events")).toHaveLength(1);
    await evaluateSourceAlerts(new Date(resolvedAt.getTime() + 15 * MIN + 1_000));
    const alerts = await alertsOf(source.id, "no_events");
    expect(alerts.map((a) => a.status)).toEqual(["resolved", "open"]);
  });
});

describe("credential alert", () => {
  it("a revoked key raises a critical alert after the pull; it resolves when the re-check finds the key works again", async () => {
    resetSimulator();
    const key = `alert-key-${Date.now()}`;
    simulator.control.addKey({ key, region: "us3", admin: true });
    const source = await createTestSource(admin, { apiKey: key, initialLookbackHours: 1 });
    expect((await pull(source.id)).status).toBe("succeeded");
    await evaluateSourceAlerts();
    expect(await alertsOf(source.id, "credentials")).toHaveLength(0);

    simulator.control.revokeKey(key);
    expect((await pull(source.id)).status).toBe("failed");
    await evaluateSourceAlerts();
    await evaluateSourceAlerts();
    let alerts = await alertsOf(source.id, "credentials");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      status: "open",
      severity: "critical",
      title: `Rapid7 rejects the API key of ${source.name}`,
    });
    expect(alerts[0]!.description).toMatch(/rejected the API key/);
    // A key problem is not reported as failing pulls as well.
    expect(await alertsOf(source.id, "pull_failing")).toHaveLength(0);

    // The re-check still finds it rejected: still the same one alert.
    expect(await recheckCredentials(source.id)).toMatchObject({ status: "invalid" });
    await evaluateSourceAlerts();
    expect(await alertsOf(source.id, "credentials")).toHaveLength(1);

    simulator.control.addKey({ key, region: "us3", admin: true });
    expect(await recheckCredentials(source.id)).toMatchObject({ status: "ok" });
    const summary = await evaluateSourceAlerts();
    expect(summary.resolved).toContain(`credentials:${source.id}`);
    alerts = await alertsOf(source.id, "credentials");
    expect(alerts).toMatchObject([
      {
        status: "resolved",
        resolution: expect.stringMatching(/^Rapid7 accepts the API key again \(checked .* UTC\)\.$/),
      },
    ]);
  });

  it("a key without Administrator rights raises the forbidden variant", async () => {
    resetSimulator();
    const key = `demoted-alert-key-${Date.now()}`;
    simulator.control.addKey({ key, region: "us3", admin: true });
    const source = await createTestSource(admin, { apiKey: key, initialLookbackHours: 1 });
    simulator.control.revokeKey(key);
    simulator.control.addKey({ key, region: "us3", admin: false });
    expect((await pull(source.id)).status).toBe("failed");
    await evaluateSourceAlerts();
    expect(await alertsOf(source.id, "credentials")).toMatchObject([
      { status: "open", title: `The API key of ${source.name} may not read audit logs` },
    ]);
  });
});

describe("pull failing alert", () => {
  it("three failed pulls in a row raise a high alert with the last error once past the transient hold; a successful pull resolves it", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { initialLookbackHours: 1 });
    expect((await pull(source.id)).status).toBe("succeeded");
    simulator.control.injectFaults([{ kind: "status", status: 503, count: 100 }]);
    // 503s are transient: held for INTAKE_TRANSIENT_HOLD_MINUTES (10 by default) before they count.
    const pastTheHold = () => new Date(Date.now() + 11 * MIN);

    for (let failed = 1; failed <= 3; failed += 1) {
      expect((await pull(source.id)).status).toBe("failed");
      if (failed === 3) {
        await evaluateSourceAlerts();
        expect(await alertsOf(source.id, "pull_failing"), "inside the transient hold").toHaveLength(0);
      }
      await evaluateSourceAlerts(pastTheHold());
      expect(await alertsOf(source.id, "pull_failing"), `after ${failed} failed pulls`).toHaveLength(
        failed < 3 ? 0 : 1,
      );
    }
    const [alert] = await alertsOf(source.id, "pull_failing");
    expect(alert).toMatchObject({ status: "open", severity: "high", title: `Pulls from ${source.name} keep failing` });
    expect(alert!.description).toMatch(/^3 pulls in a row failed\. Last error \(transient\) at .* UTC: .*503/);

    // A fourth failure updates the description, still one alert.
    expect((await pull(source.id)).status).toBe("failed");
    await evaluateSourceAlerts(pastTheHold());
    const alerts = await alertsOf(source.id, "pull_failing");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.description).toMatch(/^4 pulls in a row failed/);

    simulator.control.clearFaults();
    expect((await pull(source.id)).status).toBe("succeeded");
    await evaluateSourceAlerts();
    expect(await alertsOf(source.id, "pull_failing")).toMatchObject([
      { status: "resolved", resolution: expect.stringMatching(/^A pull succeeded again at .* UTC\.$/) },
    ]);
  }, 120_000);
});

describe("deleted sources", () => {
  it("resolves the open health alerts of a source that was deleted", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { noEventsThresholdMinutes: 15 });
    await evaluateSourceAlerts(new Date(Date.now() + 16 * MIN));
    const [alert] = await alertsOf(source.id, "no_events");
    expect(alert?.status).toBe("open");
    await db.logSource.delete({ where: { id: source.id } });
    await evaluateSourceAlerts(new Date(Date.now() + 17 * MIN));
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert!.id } })).toMatchObject({
      status: "resolved",
      resolution: "The source was deleted.",
      sourceId: null,
      sourceName: source.name,
    });
  });

  it("resolves them as deleted, not paused, when the source was deleted keeping its events", async () => {
    resetSimulator();
    const source = await createTestSource(admin, { noEventsThresholdMinutes: 15, initialLookbackHours: 1 });
    expect((await pull(source.id)).status).toBe("succeeded");
    const storedAt = await lastStoredAt(source.id);
    await evaluateSourceAlerts(new Date(storedAt.getTime() + 16 * MIN));
    const [alert] = await alertsOf(source.id, "no_events");
    expect(alert?.status).toBe("open");

    // Deleting with "keep events" keeps the row, marked deleted and paused.
    await deleteSource(admin, { sourceId: source.id, confirmName: source.name, keepEvents: true });
    expect(await db.logSource.findUniqueOrThrow({ where: { id: source.id } })).toMatchObject({
      paused: true,
      deletedAt: expect.any(Date),
    });

    const summary = await evaluateSourceAlerts(new Date(storedAt.getTime() + 17 * MIN));
    expect(summary.resolved).toContain(`no_events:${source.id}`);
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert!.id } })).toMatchObject({
      status: "resolved",
      resolution: "The source was deleted.",
      sourceId: source.id,
      sourceName: source.name,
    });
    // A deleted source is not checked any more: no alert comes back however long it stays silent.
    await evaluateSourceAlerts(new Date(storedAt.getTime() + 3 * 24 * 60 * MIN));
    expect((await alertsOf(source.id, "no_events")).map((a) => a.status)).toEqual(["resolved"]);
  });
});
