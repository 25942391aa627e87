import { db } from "@/lib/db";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { reconcileSource } from "@/lib/sources/coverage/reconcile";
import { WINDOW_MS, windowStartOf } from "@/lib/sources/coverage/windows";
import { runPull } from "@/lib/sources/pull/pull";
import { createDemoSource } from "./support/demo-source";
import { startBenchEnvironment } from "./support/environment";

type Stats = { totalRequests: number };

/**
 * What reconciliation costs Rapid7, and how soon it repairs a late record. A source is
 * pulled every minute with a few new events between pulls (reconciliation off: the
 * baseline); then its windows are reconciled one at a time, each at the moment it
 * settles (window end + settle delay), as the 5-minute job does in steady state, while
 * 5 records arrive 40 minutes late. Figures: requests per source per hour with
 * reconciliation on against off (target: under 1.10), and the time from the late
 * records' arrival to their repair against the settle delay.
 */
const SETTLE_MINUTES = 60;
const LOOKBACK_HOURS = 2;

export async function reconcileBenchmark(pulls = 30) {
  const bench = await startBenchEnvironment();
  const log = createLogger({ bench: "reconcile" });
  const requests = async () => (await bench.simulator.control<Stats>("GET", "/stats")).totalRequests;
  try {
    const source = await createDemoSource("Reconciled", LOOKBACK_HOURS);
    const logIds = (source.auditLogs as { id: string }[]).map((l) => l.id);
    const start = Date.now() - LOOKBACK_HOURS * 3_600_000;
    for (let minute = 0; minute < LOOKBACK_HOURS * 60; minute += 1) {
      await bench.simulator.control("POST", "/events/append", {
        region: "us3",
        logId: logIds[minute % logIds.length],
        count: 3,
        envelopeTimestampMs: start + minute * 60_000 + 1_000,
      });
    }
    await runPull(source.id, { trigger: "initial", log, settings: { delayMs: 0 } });

    // Reconciliation off: live pulls only.
    const beforePulls = await requests();
    const pullStarted = performance.now();
    for (let i = 0; i < pulls; i += 1) {
      await bench.simulator.control("POST", "/events/append", {
        region: "us3",
        logId: logIds[i % logIds.length],
        count: 5,
      });
      await runPull(source.id, { trigger: "schedule", log, settings: { delayMs: 0 } });
    }
    const pullMs = (performance.now() - pullStarted) / pulls;
    const perPull = ((await requests()) - beforePulls) / pulls;
    const offPerHour = perPull * 60;

    // Five records become searchable now, 40 minutes after Rapid7 received them.
    const arrivedAt = Date.now();
    await bench.simulator.control("POST", "/events/late", {
      region: "us3",
      logId: logIds[0],
      count: 5,
      envelopeAgoMs: 40 * 60_000,
    });
    const lateWindow = windowStartOf(arrivedAt - 40 * 60_000);

    // Reconciliation on: each window checked alone, at the moment it settles.
    const checkpoint = Number((await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } })).cursorMs);
    const windows: number[] = [];
    for (let end = windowStartOf(start) + WINDOW_MS; end <= checkpoint; end += WINDOW_MS) windows.push(end);
    const plain: number[] = [];
    let repair = { requests: 0, ms: 0, atMs: 0, state: "" };
    for (const end of windows) {
      const settledAt = end + SETTLE_MINUTES * 60_000;
      const before = await requests();
      const started = performance.now();
      await reconcileSource(source.id, { log, now: () => settledAt, settleMinutes: SETTLE_MINUTES });
      const spent = (await requests()) - before;
      if (end - WINDOW_MS === lateWindow) {
        const row = await db.coverageWindow.findUniqueOrThrow({
          where: { sourceId_startsAt: { sourceId: source.id, startsAt: new Date(lateWindow) } },
        });
        repair = { requests: spent, ms: performance.now() - started, atMs: settledAt, state: row.state };
      } else plain.push(spent);
    }
    await stopQueueSender();

    const perCheck = plain.reduce((sum, value) => sum + value, 0) / Math.max(1, plain.length);
    const windowsPerHour = 3_600_000 / WINDOW_MS;
    const onPerHour = offPerHour + perCheck * windowsPerHour;
    const ratio = onPerHour / offPerHour;
    // The job runs every 5 minutes: a window is checked at most 5 minutes after it settles.
    const repairMinutes = (repair.atMs - arrivedAt) / 60_000;
    return {
      name: "reconcile",
      pulls,
      requestsPerPull: +perPull.toFixed(2),
      requestsPerWindowCheck: +perCheck.toFixed(2),
      requestsPerSourcePerHourOff: Math.round(offPerHour),
      requestsPerSourcePerHourOn: Math.round(onPerHour),
      onOffRatio: +ratio.toFixed(3),
      lateRecordWindowState: repair.state,
      repairRequests: repair.requests,
      repairRunMs: Math.round(repair.ms),
      repairRunToPullRatio: +(repair.ms / pullMs).toFixed(2),
      arrivalToRepairMinutes: +repairMinutes.toFixed(1),
      arrivalToRepairOverSettleDelay: +(repairMinutes / SETTLE_MINUTES).toFixed(2),
      summary:
        `${Math.round(onPerHour)} Rapid7 requests per source per hour with reconciliation on against ${Math.round(offPerHour)} off: ` +
        `${ratio.toFixed(3)}× (target under 1.10; ${perCheck.toFixed(1)} requests per window check, 4 windows an hour). ` +
        `Records 40 min late: window ${repair.state} ${repairMinutes.toFixed(0)} min after they arrived ` +
        `(${(repairMinutes / SETTLE_MINUTES).toFixed(2)}× the ${SETTLE_MINUTES}-min settle delay, plus up to 5 min until the next job); ` +
        `the repair run took ${repair.requests} requests and ${(repair.ms / pullMs).toFixed(2)}× a live pull's time.`,
    };
  } finally {
    await bench.close();
  }
}
