import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { stageLatency } from "@/lib/sources/latency";
import { runPull } from "@/lib/sources/pull/pull";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * Latency per stage, p50/p95 computed in SQL over the events a real pull stored: event
 * time → Rapid7 receive time (the vendor), receive → fetched by the pull (waiting), fetched →
 * stored (Intake). The vendor delays are chosen (1 to 20 minutes), so their percentiles are
 * exact; the later stages are bounded by how the events were laid down, not by a clock.
 */
const MIN = 60_000;
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

describe("latency per stage", () => {
  it("reports p50 and p95 of each stage over the source's recent events", async () => {
    // An organization of its own, so only these events are in the source's audit log.
    const key = `latency-key-${crypto.randomUUID()}`;
    simulator.control.addOrg({
      name: `Latency ${crypto.randomUUID().slice(0, 8)}`,
      region: "us3",
      logs: [{ name: "Platform Audit", logsetName: "Audit Logs" }],
      keys: [{ key, admin: true }],
    });
    const source = await createTestSource(admin, { apiKey: key, initialLookbackHours: 1 });
    const orgId = simulator.control.describe().keys.find((candidate) => candidate.key === key)!.orgId;
    const receivedAt = Date.now() - 2 * MIN;
    for (let delay = 1; delay <= 20; delay += 1) {
      simulator.control.appendEvents({
        orgId,
        logName: "Platform Audit",
        envelopeTimestampMs: receivedAt,
        records: [
          {
            action: "USER_LOGIN",
            audit_id: crypto.randomUUID(),
            result: "SUCCESS",
            access_method: "UI",
            product: "Platform",
            description: `Delayed ${delay} minutes`,
            time: new Date(receivedAt - delay * MIN).toISOString(),
          },
        ],
      });
    }
    const pulledFrom = Date.now();
    const outcome = await runPull(source.id, {
      trigger: "manual",
      log: createLogger({ test: "stage-latency" }),
      settings: { delayMs: 0 },
    });
    expect(outcome).toMatchObject({ status: "succeeded", counters: { inserted: 20 } });

    const byStage = Object.fromEntries((await stageLatency(source.id)).map((row) => [row.stage, row]));
    // percentile_cont over 1..20 minutes: the median is 10.5 minutes, p95 19.05 minutes.
    expect(byStage.vendor).toEqual({ stage: "vendor", p50Ms: 10.5 * MIN, p95Ms: 19.05 * MIN, events: 20 });
    // Rapid7 received them all at once, before the pull began fetching.
    expect(byStage.waiting!.events).toBe(20);
    expect(byStage.waiting!.p50Ms).toBeGreaterThanOrEqual(pulledFrom - receivedAt);
    expect(byStage.waiting!.p95Ms).toBe(byStage.waiting!.p50Ms);
    expect(byStage.storing!.events).toBe(20);
    expect(byStage.storing!.p50Ms).toBeGreaterThanOrEqual(0);
    expect(byStage.total!.p50Ms).toBeGreaterThanOrEqual(byStage.vendor!.p50Ms! + byStage.waiting!.p50Ms!);
  }, 60_000);

  it("says nothing (no percentiles) for a source without recent events", async () => {
    const source = await createTestSource(admin);
    for (const row of await stageLatency(source.id)) expect(row).toMatchObject({ p50Ms: null, p95Ms: null, events: 0 });
  });
});
