import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { PULL_FAILING_AFTER } from "@/lib/sources/health/rules";
import { runPull } from "@/lib/sources/pull/pull";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { healthOf } from "@/lib/sources/health/load";
import { getSource } from "@/lib/sources/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The health badge and the pull_failing alert while a source's pulls fail: the badge must
 * never say Healthy after a failed pull, and the alert, which counts the same failures,
 * is raised once they persist and resolved with the badge once a pull succeeds again.
 */
let simulator: Rapid7Simulator;
let admin: Actor;
const log = createLogger({ test: "pull-failure-health" });

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

const pull = (sourceId: string) => runPull(sourceId, { trigger: "manual", log, settings: { delayMs: 0 } });
const badge = async (sourceId: string, at = new Date()) =>
  (await healthOf([await getSource(sourceId)], at)).get(sourceId)!;
/** 503s are transient: held for INTAKE_TRANSIENT_HOLD_MINUTES (10 by default) before they flip health. */
const pastTheHold = () => new Date(Date.now() + 11 * 60_000);
const openPullAlert = (sourceId: string) =>
  db.alert.findFirst({ where: { sourceId, kind: "pull_failing", status: "open" } });

describe("health while pulls fail", () => {
  it("is Healthy (retrying) inside the transient hold, Unhealthy past it; the alert follows once failures persist; both clear on a successful pull", async () => {
    const source = await createTestSource(admin, { initialLookbackHours: 1 });
    expect((await pull(source.id)).status).toBe("succeeded");
    expect((await badge(source.id)).status).toBe("healthy");

    // More 503s than a pull retries: every pull fails.
    simulator.control.injectFaults([{ kind: "status", status: 503, count: 1_000 }]);
    expect((await pull(source.id)).status).toBe("failed");
    const held = await badge(source.id);
    expect(held).toMatchObject({ status: "healthy", qualifier: "retrying" });
    expect(held.checks.find((check) => check.id === "data_flowing")).toMatchObject({
      status: "warning",
      reason: "retrying",
    });
    const once = await badge(source.id, pastTheHold());
    expect(once.status).toBe("unhealthy");
    expect(once.checks.find((check) => check.id === "data_flowing")).toMatchObject({
      status: "failing",
      reason: "pull_failing",
    });
    await evaluateSourceAlerts(pastTheHold());
    expect(await openPullAlert(source.id)).toBeNull();

    for (let failed = 1; failed < PULL_FAILING_AFTER; failed += 1)
      expect((await pull(source.id)).status).toBe("failed");
    expect((await badge(source.id, pastTheHold())).status).toBe("unhealthy");
    await evaluateSourceAlerts();
    expect(await openPullAlert(source.id), "inside the transient hold").toBeNull();
    await evaluateSourceAlerts(pastTheHold());
    expect(await openPullAlert(source.id)).not.toBeNull();

    simulator.control.clearFaults();
    expect((await pull(source.id)).status).toBe("succeeded");
    expect((await badge(source.id)).status).toBe("healthy");
    await evaluateSourceAlerts();
    expect(await openPullAlert(source.id)).toBeNull();

    // Pull history says why every run ended.
    const runs = await db.pullRun.findMany({ where: { sourceId: source.id }, orderBy: { startedAt: "asc" } });
    expect(runs.map((run) => run.status)).toEqual([
      "succeeded",
      ...Array(PULL_FAILING_AFTER).fill("failed"),
      "succeeded",
    ]);
    for (const run of runs) expect(run.status === "succeeded" ? run.note : run.errorMessage).toBeTruthy();
  }, 120_000);
});
