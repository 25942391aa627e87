import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { keepAskingForPulls, killed, sleep, workerProcesses, type WorkerProcesses } from "../helpers/worker-processes";
import { createTestSource } from "../helpers/sources";

/**
 * Chaos: Rapid7 (the simulator) fails about one request in five, in every way it can,
 * while the worker process pulling from it is killed with SIGKILL several times in the
 * middle of pulls. At the end the stored events must be exactly the simulator's events:
 * nothing lost, nothing duplicated.
 */
const EVENTS = 20_000;
const KILLS = 4;
let url: string;
let simulator: Rapid7Simulator;
let workers: WorkerProcesses;

beforeAll(async () => {
  url = await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
  workers = workerProcesses(url, simulator.baseUrlTemplate);
});
afterAll(async () => {
  workers.killAll();
  await stopQueueSender();
  await simulator.close();
});

describe("chaos", () => {
  it(
    "loses and duplicates nothing while Rapid7 fails 20% of requests and the worker is killed mid-pull",
    { timeout: 240_000 },
    async () => {
      const admin = await createActor("ADMIN");
      const now = Date.now();
      const source = await createTestSource(admin, { initialLookbackHours: 3, auditLogIds: [] });
      const logId = parseStoredAuditLogs(source.auditLogs).find((log) => log.name === "InsightIDR Audit")!.id;
      simulator.control.seedBulk({
        region: "us3",
        logId,
        count: EVENTS,
        fromMs: now - 2 * 3_600_000,
        toMs: now - 60_000,
      });
      const expected = new Set(simulator.control.listEntries({ region: "us3", logId }).map((entry) => entry.audit_id!));
      expect(expected.size).toBe(EVENTS);
      simulator.control.setChaos({ rate: 0.2, seed: 7, maxRetryAfterSec: 1, maxDelayMs: 300 });

      // Stand in for the once-a-minute scheduler: keep asking for pulls.
      const asker = keepAskingForPulls(source.id);

      const stored = () => db.event.count({ where: { sourceId: source.id } });
      let kills = 0;
      while (kills < KILLS) {
        const worker = workers.start();
        // Wait until this worker is inside a pull and has made some progress, then kill it mid-flight.
        const before = await stored();
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && (await stored()) === before) await sleep(100);
        await sleep(100 + Math.floor(Math.random() * 600));
        await killed(worker);
        kills += 1;
        if ((await stored()) >= EVENTS) break;
      }

      const survivor = workers.start();
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && (await stored()) < EVENTS) await sleep(250);
      // Let the pull in flight finish its final window so the checkpoint settles.
      await sleep(2_000);
      await asker.stop();
      await killed(survivor);

      const rows = await db.event.findMany({ where: { sourceId: source.id }, select: { auditId: true } });
      const storedIds = new Set(rows.map((row) => row.auditId));
      const lost = [...expected].filter((id) => !storedIds.has(id)).length;
      // The unique index makes a second row per audit_id impossible; what a batch committed
      // twice would show is a count counted twice, so the per-hour counters must add up too.
      const duplicated = rows.length - storedIds.size;
      const counted =
        (await db.sourceEventCount.aggregate({ where: { sourceId: source.id }, _sum: { events: true } }))._sum.events ??
        0;
      const unexpected = [...storedIds].filter((id) => !expected.has(id)).length;
      const runs = await db.pullRun.groupBy({ by: ["status"], where: { sourceId: source.id }, _count: { _all: true } });
      const faults = simulator.control.stats().faultsInjected;
      console.log(
        `chaos: ${EVENTS} events in Rapid7, ${rows.length} stored, ${lost} lost, ${duplicated} duplicated, ${unexpected} unexpected, ${counted} counted; ` +
          `worker killed ${kills} times; ${faults} faults injected; runs ${runs.map((r) => `${r.status}=${r._count._all}`).join(" ")}`,
      );
      expect(kills).toBeGreaterThanOrEqual(2);
      expect(faults).toBeGreaterThan(10);
      expect(runs.find((r) => r.status === "interrupted")).toBeDefined();
      expect({ lost, duplicated, unexpected }).toEqual({ lost: 0, duplicated: 0, unexpected: 0 });
      expect(rows.length).toBe(EVENTS);
      expect(counted).toBe(EVENTS);
    },
  );
});
