import { beforeAll, describe, expect, it } from "vitest";
import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import { db, pool } from "@/lib/db";
import { healthOf } from "@/lib/sources/health/load";
import { getSource } from "@/lib/sources/service";
import { useTestDatabase } from "../helpers/database";
import { insertSource } from "../helpers/seed-events";

/**
 * The Health tab and the "No events" alert judge silence by one rule: the same clock
 * (when Intake last stored a new event) and the same threshold edge (silent for longer
 * than the threshold). Before they shared it, a source that had just stored a backfill of
 * older events was Unhealthy on its page ("no recent events", by Rapid7's receive time)
 * while no alert was raised, and at exactly the threshold the alert fired while the page
 * still said the data was flowing.
 */
const MIN = 60_000;

beforeAll(async () => {
  await useTestDatabase();
});

describe("health and the no-events alert agree on silence", () => {
  it("a source that stored older events recently is not silent, and both flip together just past the threshold", async () => {
    const { id } = await insertSource(pool());
    const storedAt = new Date(Date.now() - 10 * MIN);
    await db.logSource.update({
      where: { id },
      data: { paused: false, noEventsAlertEnabled: true, noEventsThresholdMinutes: 60, createdAt: storedAt },
    });
    const state = (at: Date) =>
      db.sourceState.update({
        where: { sourceId: id },
        data: {
          credentialsStatus: "ok",
          credentialsCheckedAt: storedAt,
          // The newest of the stored events was received by Rapid7 two hours before Intake stored it.
          lastEventReceivedAt: new Date(storedAt.getTime() - 120 * MIN),
          lastEventStoredAt: storedAt,
          // Pulls keep completing: only the events are missing.
          lastSuccessfulPullAt: new Date(at.getTime() - MIN),
          lastPullFinishedAt: new Date(at.getTime() - MIN),
        },
      });
    const judge = async (at: Date) => {
      await state(at);
      const health = (await healthOf([await getSource(id)], at)).get(id)!;
      const dataFlowing = health.checks.find((check) => check.id === "data_flowing")!;
      const raised = (await evaluateSourceAlerts(at)).raised.includes(`no_events:${id}`);
      return { health: health.status, reason: dataFlowing.reason, raised };
    };

    expect(await judge(new Date(storedAt.getTime() + 30 * MIN))).toEqual({
      health: "healthy",
      reason: null,
      raised: false,
    });
    expect(await judge(new Date(storedAt.getTime() + 60 * MIN))).toEqual({
      health: "healthy",
      reason: null,
      raised: false,
    });
    expect(await judge(new Date(storedAt.getTime() + 60 * MIN + 1_000))).toEqual({
      health: "unhealthy",
      reason: "no_recent_events",
      raised: true,
    });
  });
});
