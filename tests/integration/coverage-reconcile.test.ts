import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { reconcileSource } from "@/lib/sources/coverage/reconcile";
import { WINDOW_MS, windowStartOf } from "@/lib/sources/coverage/windows";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { keepAskingForPulls, killed, sleep, workerProcesses, type WorkerProcesses } from "../helpers/worker-processes";
import { createTestSource } from "../helpers/sources";

/**
 * Completeness: Rapid7 makes 50 records searchable 30 to 45 minutes after their receive
 * time, long after the pull's 10-minute overlap has passed them, while it fails one
 * request in five and the pulling worker is killed mid-pull. Live pulls alone lose those
 * records; reconciliation (run with the clock an hour ahead, once the windows settled)
 * finds the windows short, re-reads them, and the stored set then equals Rapid7's exactly.
 */
const EVENTS = 5_000;
const LATE = [
  { count: 20, envelopeAgoMs: 30 * 60_000 },
  { count: 20, envelopeAgoMs: 38 * 60_000 },
  { count: 10, envelopeAgoMs: 45 * 60_000 },
];
const HOUR_AND_A_BIT = 61 * 60_000;

let url: string;
let simulator: Rapid7Simulator;
let workers: WorkerProcesses;
const log = createLogger({ test: "coverage-reconcile" });

beforeAll(async () => {
  url = await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
  workers = workerProcesses(url, simulator.baseUrlTemplate, { INTAKE_RECONCILE_RATE_LIMIT_PERCENT: "0" });
  // A roomy rate limit: this test is about completeness, not about the reconciliation's share.
  // Small pages answered slowly make a pull long enough to be killed in the middle of.
  simulator.control.setKnobs({ rateLimit: { limit: 50_000, windowSec: 900 }, maxPerPage: 100, latencyMs: 20 });
});
afterAll(async () => {
  workers.killAll();
  await stopQueueSender();
  await simulator.close();
});

function groundTruth(logIds: string[]): string[] {
  return logIds.flatMap((logId) =>
    simulator.control.listEntries({ region: "us3", logId }).map((entry) => entry.audit_id!),
  );
}

async function comparedWithRapid7(sourceId: string, expected: string[]) {
  const rows = await db.event.findMany({ where: { sourceId }, select: { auditId: true } });
  const stored = new Set(rows.map((row) => row.auditId));
  const wanted = new Set(expected);
  return {
    missing: [...wanted].filter((id) => !stored.has(id)).length,
    duplicated: rows.length - stored.size,
    unexpected: [...stored].filter((id) => !wanted.has(id)).length,
  };
}

describe("coverage reconciliation", () => {
  it(
    "recovers records made searchable up to 45 minutes late, through faults and killed workers, and marks their windows repaired",
    { timeout: 240_000 },
    async () => {
      const admin = await createActor("ADMIN");
      const now = Date.now();
      const source = await createTestSource(admin, { initialLookbackHours: 3, auditLogIds: [] });
      const logIds = parseStoredAuditLogs(source.auditLogs).map((auditLog) => auditLog.id);
      const idr = parseStoredAuditLogs(source.auditLogs).find((auditLog) => auditLog.name === "InsightIDR Audit")!.id;
      simulator.control.seedBulk({
        region: "us3",
        logId: idr,
        count: EVENTS,
        fromMs: now - 2 * 3_600_000,
        toMs: now - 60_000,
      });
      simulator.control.setChaos({ rate: 0.2, seed: 11, maxRetryAfterSec: 1, maxDelayMs: 300 });

      // Stand in for the once-a-minute scheduler: keep asking for pulls.
      const asker = keepAskingForPulls(source.id);
      const stored = () => db.event.count({ where: { sourceId: source.id } });

      let kills = 0;
      while (kills < 2 && (await stored()) < EVENTS) {
        const worker = workers.start();
        const before = await stored();
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && (await stored()) === before) await sleep(100);
        await sleep(100 + Math.floor(Math.random() * 400));
        await killed(worker);
        kills += 1;
      }
      const survivor = workers.start();
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && (await stored()) < EVENTS) await sleep(250);

      // Now Rapid7 makes 50 records searchable whose receive time is 30 to 45 minutes ago.
      const late = LATE.flatMap((batch) => simulator.control.addLateEvents({ region: "us3", logId: idr, ...batch }));
      const lateWindows = [...new Set(late.map((entry) => windowStartOf(entry.timestampMs)))].sort();
      // Live pulls keep running past them: their overlap reaches back only 10 minutes.
      const runsBefore = await db.pullRun.count({ where: { sourceId: source.id, status: "succeeded" } });
      const pullsAfter = Date.now() + 60_000;
      while (
        Date.now() < pullsAfter &&
        (await db.pullRun.count({ where: { sourceId: source.id, status: "succeeded" } })) < runsBefore + 2
      )
        await sleep(250);
      await asker.stop();
      await killed(survivor);

      const expected = groundTruth(logIds);
      expect(expected.length).toBe(EVENTS + 50);
      expect(await comparedWithRapid7(source.id, expected)).toEqual({ missing: 50, duplicated: 0, unexpected: 0 });

      // An hour later every window has settled: reconcile (still through 20% faults) until nothing is left to check.
      const later = () => Date.now() + HOUR_AND_A_BIT;
      for (let run = 0; run < 4; run++) {
        const summary = await reconcileSource(source.id, { log, now: later });
        if (summary.checked === 0) break;
      }
      simulator.control.setChaos(null);

      const faults = simulator.control.stats().faultsInjected;
      const runs = await db.pullRun.groupBy({ by: ["status"], where: { sourceId: source.id }, _count: { _all: true } });
      console.log(
        `coverage: ${EVENTS} + 50 late records; worker killed ${kills} times; ${faults} faults; runs ${runs.map((r) => `${r.status}=${r._count._all}`).join(" ")}`,
      );
      expect(kills).toBeGreaterThanOrEqual(1);
      expect(faults).toBeGreaterThan(10);
      expect(runs.find((r) => r.status === "interrupted")).toBeDefined();
      expect(await comparedWithRapid7(source.id, expected)).toEqual({ missing: 0, duplicated: 0, unexpected: 0 });

      const ledger = await db.coverageWindow.findMany({
        where: { sourceId: source.id, endsAt: { lte: new Date(now - 60_000) } },
        orderBy: { startsAt: "asc" },
      });
      const repaired = ledger
        .filter((window) => window.state === "repaired")
        .map((window) => window.startsAt.getTime());
      expect(repaired).toEqual(lateWindows);
      for (const window of ledger.filter((w) => lateWindows.includes(w.startsAt.getTime()))) {
        expect(window.intakeCount).toBe(window.rapid7Count);
        expect(window.repulls).toBeGreaterThan(0);
      }
      const otherStates = new Set(
        ledger.filter((w) => !lateWindows.includes(w.startsAt.getTime())).map((w) => w.state),
      );
      expect([...otherStates]).toEqual(["verified"]);
      expect(ledger.length).toBeGreaterThanOrEqual((2 * 3_600_000) / WINDOW_MS);
    },
  );
});
