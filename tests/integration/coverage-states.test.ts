import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import { enforceRetention } from "@/lib/events/retention";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { reconcileSource } from "@/lib/sources/coverage/reconcile";
import { WINDOW_MS, windowStartOf } from "@/lib/sources/coverage/windows";
import { healthOf } from "@/lib/sources/health/load";
import { runPull } from "@/lib/sources/pull/pull";
import { getSource } from "@/lib/sources/service";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The ledger's other outcomes against the simulator: a surplus (over, raised in health),
 * Rapid7 unreachable for the key (unverifiable, with why), the rate-limit share (nothing
 * asked while live pulls need the key), and the ledger kept only for the source's retention.
 */
const log = createLogger({ test: "coverage-states" });
const HOUR = 3_600_000;
const later = () => Date.now() + 61 * 60_000;
let simulator: Rapid7Simulator;
let admin: Actor;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
  admin = await createActor("ADMIN");
});
beforeEach(() => {
  simulator.control.resetKnobs();
  simulator.control.setKnobs({ pendingPolls: 1 });
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

/** A source with `count` records over the last two hours, pulled up to now. */
async function pulledSource(options: { apiKey?: string; count?: number } = {}) {
  const source = await createTestSource(admin, { initialLookbackHours: 3, auditLogIds: [], ...options });
  const logId = parseStoredAuditLogs(source.auditLogs).find((l) => l.name === "InsightIDR Audit")!.id;
  const now = Date.now();
  simulator.control.seedBulk({
    region: "us3",
    logId,
    count: options.count ?? 200,
    fromMs: now - 2 * HOUR,
    toMs: now - 60_000,
  });
  const outcome = await runPull(source.id, { trigger: "manual", log, settings: { delayMs: 0 } });
  expect(outcome.status).toBe("succeeded");
  return source;
}

const ledger = (sourceId: string) => db.coverageWindow.findMany({ where: { sourceId }, orderBy: { startsAt: "asc" } });

describe("coverage outcomes", () => {
  it("marks a window holding more than Rapid7 counts as over, and health and a critical alert raise it", async () => {
    const source = await pulledSource();
    const stored = await db.event.findFirstOrThrow({ where: { sourceId: source.id }, orderBy: { receivedAt: "asc" } });
    // A record Rapid7 no longer holds (removed from its audit log after Intake stored it).
    const { id: _id, ...copy } = stored;
    await db.event.create({ data: { ...copy, auditId: "removed-from-rapid7", normalized: copy.normalized ?? {} } });
    await reconcileSource(source.id, { log, now: later });

    const windows = await ledger(source.id);
    const over = windows.filter((w) => w.state === "over");
    expect(over.map((w) => w.startsAt.getTime())).toEqual([windowStartOf(stored.receivedAt.getTime())]);
    expect(over[0]!.intakeCount).toBe(over[0]!.rapid7Count! + 1);
    expect(over[0]!.reason).toMatch(/removed from Rapid7/);
    expect(
      windows
        .filter((w) => w.endsAt.getTime() <= Date.now() - HOUR && w.state !== "over")
        .every((w) => w.state === "verified"),
    ).toBe(true);

    const health = (await healthOf([await getSource(source.id)])).get(source.id)!;
    expect(health.status).toBe("unhealthy");
    expect(health.checks.find((c) => c.id === "coverage")).toMatchObject({
      status: "failing",
      reason: "coverage_over",
    });

    await evaluateSourceAlerts();
    const alert = await db.alert.findFirstOrThrow({ where: { sourceId: source.id, kind: "coverage" } });
    expect(alert).toMatchObject({ status: "open", severity: "critical" });
    expect(alert.title).toMatch(/removed from Rapid7's audit log/);
    expect(alert.description).toMatch(/1 window holds more records in Intake than Rapid7 counts/);

    // Once no window differs (here: the window aged out, as retention drops it), the alert resolves itself.
    await db.coverageWindow.deleteMany({ where: { sourceId: source.id, state: "over" } });
    await evaluateSourceAlerts();
    expect(await db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: "resolved" });
  });

  it("marks windows unverifiable, saying why, when Rapid7 refuses the key, and tries them again later", async () => {
    const key = `coverage-revoked-${Date.now()}`;
    simulator.control.addKey({ key, region: "us3", admin: true });
    const source = await pulledSource({ apiKey: key });
    simulator.control.revokeKey(key);
    const summary = await reconcileSource(source.id, { log, now: later });
    expect(summary.unverifiable).toBeGreaterThan(0);
    const windows = (await ledger(source.id)).filter((w) => w.state !== "pending");
    expect(windows.every((w) => w.state === "unverifiable" && w.attempts === 1)).toBe(true);
    expect(windows[0]!.reason).toMatch(/^Rapid7 could not be asked for its count: Rapid7 rejected the API key \(401\)/);
    expect(windows[0]!.rapid7Count).toBeNull();

    // The key works again: the next run checks the same windows and verifies them.
    simulator.control.addKey({ key, region: "us3", admin: true });
    await reconcileSource(source.id, { log, now: later });
    const again = (await ledger(source.id)).filter((w) =>
      windows.some((u) => u.startsAt.getTime() === w.startsAt.getTime()),
    );
    expect(new Set(again.map((w) => w.state))).toEqual(new Set(["verified"]));
  });

  it("asks Rapid7 nothing while the key's requests left are the live pulls' share", async () => {
    simulator.control.setKnobs({ rateLimit: { limit: 100, windowSec: 900 } });
    const key = `coverage-budget-${Date.now()}`;
    simulator.control.addKey({ key, region: "us3", admin: true });
    const source = await pulledSource({ apiKey: key, count: 4_000 });
    // The pull spent more than a tenth of the key's 100 requests: reconciliation (10%) must wait.
    const { apiKeyFingerprint } = await db.logSource.findUniqueOrThrow({ where: { id: source.id } });
    const headroom = await db.rateLimitState.findUniqueOrThrow({
      where: { keyFingerprint_family: { keyFingerprint: apiKeyFingerprint, family: "query" } },
    });
    expect(headroom.remaining).toBeLessThan(90);
    const before = simulator.control.stats().totalRequests;
    // On the real clock (the key's window has not reset), with windows settled after 15 minutes.
    const summary = await reconcileSource(source.id, { log, settleMinutes: 15, rateLimitPercent: 10 });
    expect(summary).toMatchObject({ checked: 0, requests: 0, stoppedFor: "rate_limit_share" });
    expect(simulator.control.stats().totalRequests).toBe(before);
    expect(new Set((await ledger(source.id)).map((w) => w.state))).toEqual(new Set(["pending"]));
  });

  it("keeps the ledger only for the source's retention", async () => {
    const source = await pulledSource({ count: 10 });
    const old = windowStartOf(Date.now() - 100 * 24 * HOUR);
    await db.coverageWindow.create({
      data: { sourceId: source.id, startsAt: new Date(old), endsAt: new Date(old + WINDOW_MS), state: "verified" },
    });
    await reconcileSource(source.id, { log, now: later });
    const kept = (await ledger(source.id)).length;
    await enforceRetention(new Date());
    const after = await ledger(source.id);
    expect(after.length).toBe(kept - 1);
    expect(after.every((w) => w.startsAt.getTime() > old)).toBe(true);
  });
});
