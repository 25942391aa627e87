import { type ChildProcess, spawn } from "node:child_process";
import { db } from "@/lib/db";
import { DEMO_US3_ADMIN_KEY } from "@/simulator/rapid7";
import { pullSourceJob } from "@/lib/queue/pull-source";
import { enqueue, stopQueueSender } from "@/lib/queue/enqueue";
import { WORKER_ARGS } from "@/bin/launcher/worker-args";
import { createSourceSchema } from "@/lib/sources/schemas";
import { createSource } from "@/lib/sources/service";
import { type BenchEnvironment, peakRssMb, startBenchEnvironment } from "./support/environment";

/**
 * A real worker process (256 MB heap, as `npm start` runs it) pulling 200 records of 1 MB
 * each between 20 ordinary ones: its peak RSS and the wall time until the page is stored
 * (the small records as events, the big ones as classification failures). Baseline, same
 * run: a fresh worker pulling 220 ordinary records. Before the memory bounds the big page
 * took the worker past its heap (641 MB peak) and killed it.
 */
const BIG = 200;
const MIB = 1024 * 1024;

export async function largeRecordsBenchmark() {
  const bench = await startBenchEnvironment();
  try {
    await bench.simulator.control("POST", "/knobs", { pendingPolls: 0 });
    const admin = await db.user.create({
      data: { email: "bench@example.com", name: "Bench", role: "ADMIN", passwordHash: "x" },
    });
    const actor = { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" as const };
    const logs = await bench.simulator.control<{ orgs: { logs: { id: string; name: string }[] }[] }>("GET", "/state");
    const logId = (name: string) => logs.orgs.flatMap((org) => org.logs).find((log) => log.name === name)!.id;
    const [plainLog, bigLog] = [logId("Platform Audit"), logId("InsightIDR Audit")];
    const at = Date.now() - 120_000;
    const append = (log: string, body: Record<string, unknown>) =>
      bench.simulator.control("POST", "/events/append", {
        region: "us3",
        logId: log,
        envelopeTimestampMs: at,
        ...body,
      });
    await append(plainLog, { count: BIG + 20 });
    await append(bigLog, { count: 10 });
    await append(bigLog, { count: BIG, recordBytes: MIB });
    await append(bigLog, { count: 10 });

    const source = (name: string, log: string) =>
      createSource(
        actor,
        createSourceSchema.parse({
          name,
          region: "us3",
          apiKey: DEMO_US3_ADMIN_KEY,
          initialLookbackHours: 1,
          auditLogIds: [log],
        }),
      );
    const baseline = await pullWithFreshWorker(bench, (await source("Ordinary records", plainLog)).id, BIG + 20);
    const big = await pullWithFreshWorker(bench, (await source("Large records", bigLog)).id, BIG + 20);
    await stopQueueSender();
    return {
      name: "large-records",
      records: { big: BIG, bigBytes: MIB, ordinary: 20 },
      wallSeconds: big.seconds,
      workerPeakRssMb: big.peakMb,
      baseline: { ordinaryRecords: BIG + 20, wallSeconds: baseline.seconds, workerPeakRssMb: baseline.peakMb },
      ratioToBaselineRss: +(big.peakMb / baseline.peakMb).toFixed(2),
      summary:
        `${BIG} x 1 MB records among 20 ordinary ones: stored in ${big.seconds} s, worker peak RSS ${big.peakMb} MB ` +
        `(baseline in the same run, 220 ordinary records: ${baseline.seconds} s, ${baseline.peakMb} MB; ${(big.peakMb / baseline.peakMb).toFixed(2)}x)`,
    };
  } finally {
    await bench.close();
  }
}

/** Starts a worker, has it pull the source until `expected` records are stored or failed, and reports its peak RSS. */
async function pullWithFreshWorker(
  bench: BenchEnvironment,
  sourceId: string,
  expected: number,
): Promise<{ seconds: number; peakMb: number }> {
  const worker: ChildProcess = spawn(process.execPath, WORKER_ARGS, {
    env: { ...bench.env, INTAKE_LOG_LEVEL: "warn" },
    stdio: "inherit",
  });
  const exited = new Promise((resolve) => worker.once("close", resolve));
  const started = performance.now();
  await enqueue(pullSourceJob, { sourceId, trigger: "manual" });
  let peak = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (worker.exitCode !== null || worker.signalCode !== null)
      throw new Error(`the worker exited (${worker.exitCode ?? worker.signalCode}) during the pull`);
    if (worker.pid) peak = Math.max(peak, peakRssMb(worker.pid));
    const [events, failures] = await Promise.all([
      db.event.count({ where: { sourceId } }),
      db.classificationFailure.count({ where: { sourceId } }),
    ]);
    if (events + failures >= expected) break;
    if (performance.now() - started > 10 * 60_000)
      throw new Error(`the pull stalled at ${events + failures} of ${expected} records`);
  }
  const seconds = +((performance.now() - started) / 1000).toFixed(1);
  if (worker.pid) peak = Math.max(peak, peakRssMb(worker.pid));
  worker.kill("SIGTERM");
  await exited;
  return { seconds, peakMb: Math.round(peak) };
}
