import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import { remindOpenAlerts } from "@/lib/alerts/reminders";
import { raiseAlert } from "@/lib/alerts/service";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { createDestination } from "@/lib/destinations/service";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { healthHistory } from "@/lib/sources/health/history";
import { healthOf } from "@/lib/sources/health/load";
import { runPull } from "@/lib/sources/pull/pull";
import { getSource } from "@/lib/sources/service";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { allowDestinationHosts } from "../helpers/destination-hosts";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * Health that is steady and honest: every change is recorded with its time, so "since"
 * means since the state changed; transient errors are held (INTAKE_TRANSIENT_HOLD_MINUTES,
 * set to 2 here) before they flip health, a 429 meanwhile being "healthy, throttled"; no
 * state outlives its cause; open alerts are sent again every INTAKE_ALERT_RENOTIFY_MINUTES.
 * Times are passed explicitly (healthOf's and the evaluation's `now`), never waited for.
 */
const MIN = 60_000;
let simulator: Rapid7Simulator;
let admin: Actor;
const log = createLogger({ test: "health-steady" });

beforeAll(async () => {
  await useTestDatabase();
  process.env.INTAKE_TRANSIENT_HOLD_MINUTES = "2";
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

/** A source with its own key: a 429 recorded for one key's rate limit must not hold back another test's pulls. */
async function ownSource() {
  const apiKey = `steady-key-${crypto.randomUUID()}`;
  simulator.control.addKey({ key: apiKey, region: "us3", admin: true });
  return createTestSource(admin, { apiKey, initialLookbackHours: 1 });
}
const pull = (sourceId: string) => runPull(sourceId, { trigger: "manual", log, settings: { delayMs: 0 } });
const healthAt = async (sourceId: string, at: Date) => (await healthOf([await getSource(sourceId)], at)).get(sourceId)!;
const dataFlowing = (health: Awaited<ReturnType<typeof healthAt>>) =>
  health.checks.find((check) => check.id === "data_flowing")!;

describe("health history and since", () => {
  it("records each change with its time; since stays at the change while the state holds; recovery is recorded too", async () => {
    const source = await ownSource();
    expect((await pull(source.id)).status).toBe("succeeded");
    const start = new Date();
    const at = (minutes: number) => new Date(start.getTime() + minutes * MIN);

    expect(await healthAt(source.id, at(0))).toMatchObject({ status: "healthy", since: at(0) });
    // Looked at again later, nothing changed: since is still when it became healthy.
    expect((await healthAt(source.id, at(0.5))).since).toEqual(at(0));

    simulator.control.injectFaults([{ kind: "status", status: 503, count: 1_000 }]);
    expect((await pull(source.id)).status).toBe("failed");
    expect(await healthAt(source.id, at(1))).toMatchObject({ status: "healthy", qualifier: "retrying", since: at(1) });
    expect(await healthAt(source.id, at(3))).toMatchObject({ status: "unhealthy", since: at(3) });
    expect(await healthAt(source.id, at(4))).toMatchObject({ status: "unhealthy", since: at(3) });

    simulator.control.clearFaults();
    expect((await pull(source.id)).status).toBe("succeeded");
    // The cause is gone: the state does not stick.
    const recovered = await healthAt(source.id, at(5));
    expect(recovered).toMatchObject({ status: "healthy", qualifier: null, since: at(5) });
    expect(dataFlowing(recovered)).toMatchObject({ status: "ok", reason: null });

    expect((await healthHistory(source.id)).reverse()).toEqual([
      { at: at(0), status: "healthy", reason: null },
      { at: at(1), status: "healthy", reason: "retrying" },
      { at: at(3), status: "unhealthy", reason: "pull_failing" },
      { at: at(5), status: "healthy", reason: null },
    ]);
  }, 60_000);
});

describe("transient errors are held", () => {
  it("a 429 is healthy, throttled inside the hold; past it the source is unhealthy, rate limited", async () => {
    const source = await ownSource();
    expect((await pull(source.id)).status).toBe("succeeded");
    // Retry-After longer than the client waits: the pull ends rate limited.
    simulator.control.injectFaults([{ kind: "status", status: 429, retryAfterSec: 600, count: 1_000 }]);
    expect((await pull(source.id)).status).toBe("failed");
    const failedAt = (await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } })).failingSince!;
    const after = (minutes: number) => new Date(failedAt.getTime() + minutes * MIN);

    const throttled = await healthAt(source.id, after(1.9));
    expect(throttled).toMatchObject({ status: "healthy", qualifier: "throttled" });
    expect(dataFlowing(throttled)).toMatchObject({ status: "warning", reason: "throttled" });

    const limited = await healthAt(source.id, after(2));
    expect(limited).toMatchObject({ status: "unhealthy", qualifier: null });
    expect(dataFlowing(limited)).toMatchObject({ status: "failing", reason: "rate_limited" });
    simulator.control.clearFaults();
  }, 60_000);
});

describe("open alerts re-notify and resolve by themselves", () => {
  it("sends an open alert again every interval, counted from the last time it was sent", async () => {
    allowDestinationHosts(["127.0.0.1"]);
    await createDestination(admin, {
      name: `Reminders ${Math.random()}`,
      type: "webhook",
      url: "http://127.0.0.1:9/hook",
    });
    const opened = new Date();
    const after = (minutes: number) => new Date(opened.getTime() + minutes * MIN);
    const { alertId } = await raiseAlert({
      kind: "pull_failing",
      severity: "high",
      dedupKey: `reminder-test:${crypto.randomUUID()}`,
      title: "Still broken",
      at: opened,
    });
    const reminders = () => db.alertDelivery.count({ where: { alertId, trigger: "reminded" } });

    expect(await remindOpenAlerts(after(239), 240)).not.toContain(alertId);
    expect(await remindOpenAlerts(after(240), 240)).toContain(alertId);
    expect(await reminders()).toBe(1);
    expect(await remindOpenAlerts(after(300), 240)).not.toContain(alertId);
    expect(await remindOpenAlerts(after(480), 240)).toContain(alertId);
    expect(await reminders()).toBe(2);
    // 0 turns reminders off.
    expect(await remindOpenAlerts(after(10_000), 0)).toEqual([]);

    const delivery = await db.alertDelivery.findFirstOrThrow({ where: { alertId, trigger: "reminded" } });
    expect(delivery.payload).toMatchObject({ type: "alert.reminded", alert: { id: alertId, status: "open" } });
  });

  it("a held transient failure raises no alert, one that outlasts the hold does, and it resolves by itself once pulls succeed", async () => {
    const source = await ownSource();
    expect((await pull(source.id)).status).toBe("succeeded");
    simulator.control.injectFaults([{ kind: "status", status: 502, count: 1_000 }]);
    for (let i = 0; i < 3; i += 1) expect((await pull(source.id)).status).toBe("failed");
    const failingSince = (await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } })).failingSince!;
    const open = () => db.alert.findMany({ where: { sourceId: source.id, status: "open" }, select: { kind: true } });

    await evaluateSourceAlerts(new Date(failingSince.getTime() + 1 * MIN));
    expect(await open()).toEqual([]);
    await evaluateSourceAlerts(new Date(failingSince.getTime() + 2 * MIN));
    expect(await open()).toEqual([{ kind: "pull_failing" }]);

    simulator.control.clearFaults();
    expect((await pull(source.id)).status).toBe("succeeded");
    await evaluateSourceAlerts(new Date(failingSince.getTime() + 3 * MIN));
    expect(await open()).toEqual([]);
  }, 60_000);
});
