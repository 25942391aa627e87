import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { pullSourceJob } from "@/lib/queue/pull-source";
import { enqueue, stopQueueSender } from "@/lib/queue/enqueue";
import { WORKER_ARGS } from "@/bin/launcher/worker-args";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { buildOnce } from "../helpers/launcher";
import { useSimulator } from "../helpers/simulator";
import { createTestSource, storedAuditIds } from "../helpers/sources";

/**
 * The real worker process, started exactly as `npm start` starts it (the bundle, with its
 * 256 MB heap cap), against Rapid7 serving 200 records of 1 MB each between small ones.
 * Before the memory bounds it read such a page whole and died of an exhausted heap on
 * every pull, so the source never moved on. Now it must survive, store the small records,
 * keep the large ones as classification failures, and go on pulling live events.
 * (How much memory it takes is measured in bench/, not here.)
 */
const BIG_RECORDS = 200;
const MIB = 1024 * 1024;
let url: string;
let simulator: Rapid7Simulator;
let worker: ChildProcess | undefined;
let workerOutput = "";

beforeAll(async () => {
  url = await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
  await buildOnce(["--worker"]);
}, 300_000);
afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    const exited = new Promise((resolve) => worker!.once("exit", resolve));
    worker.kill("SIGTERM");
    await exited;
  }
  await stopQueueSender();
  await simulator.close();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, WORKER_ARGS, {
    env: {
      ...process.env,
      DATABASE_URL: url,
      RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate,
      INTAKE_HEARTBEAT_SECONDS: "1",
      INTAKE_LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    workerOutput = (workerOutput + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` holds; fails at once (with the worker's last output) if the worker exits. */
async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (worker!.exitCode !== null || worker!.signalCode !== null) {
      throw new Error(
        `The worker exited (code ${worker!.exitCode}, signal ${worker!.signalCode}) while waiting for ${what}. Its last output:\n${workerOutput}`,
      );
    }
    if (await done()) return;
    await sleep(500);
  }
  throw new Error(`Timed out waiting for ${what}. The worker's last output:\n${workerOutput}`);
}

describe("the worker against a page of 200 x 1 MB records", () => {
  it(
    "does not crash: stores the small records, keeps the big ones as failures, and keeps pulling live events",
    { timeout: 400_000 },
    async () => {
      const admin = await createActor("ADMIN");
      const source = await createTestSource(admin, { initialLookbackHours: 1 });
      const logId = parseStoredAuditLogs(source.auditLogs)[0]!.id;
      const at = Date.now() - 60_000;
      const before = simulator.control.appendEvents({ region: "us3", logId, count: 10, envelopeTimestampMs: at });
      const big = simulator.control.appendEvents({
        region: "us3",
        logId,
        count: BIG_RECORDS,
        recordBytes: MIB,
        envelopeTimestampMs: at + 1_000,
      });
      const after = simulator.control.appendEvents({
        region: "us3",
        logId,
        count: 10,
        envelopeTimestampMs: at + 2_000,
      });
      const small = [...before, ...after].map((entry) => entry.audit_id!);

      worker = startWorker();
      await enqueue(pullSourceJob, { sourceId: source.id, trigger: "manual" });
      const tooLarge = () =>
        db.classificationFailure.count({ where: { sourceId: source.id, code: "record_too_large" } });
      await waitFor(
        "the page of big records to be pulled",
        async () => (await tooLarge()) === BIG_RECORDS && (await storedAuditIds(source.id)).length === small.length,
        300_000,
      );
      expect(await storedAuditIds(source.id)).toEqual(small.sort());
      const failures = await db.classificationFailure.findMany({
        where: { sourceId: source.id },
        select: { sequence: true, rawBytes: true, raw: true },
      });
      expect(failures.map((f) => f.sequence).sort()).toEqual(big.map((entry) => entry.seq).sort());
      for (const failure of failures) {
        expect(failure.rawBytes).toBeGreaterThanOrEqual(MIB);
        expect(Buffer.byteLength(failure.raw)).toBeLessThanOrEqual(16 * 1024);
      }
      const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } });
      expect(Number(state.cursorMs)).toBeGreaterThanOrEqual(at + 2_000);

      // Live events after the big page are pulled too. (Received long enough ago that a pull
      // reads them at once: pulls leave Rapid7 the last 30 s to finish indexing.)
      await waitFor(
        "the first pull to finish",
        async () => (await db.pullRun.count({ where: { sourceId: source.id, status: "running" } })) === 0,
        120_000,
      );
      const live = simulator.control.appendEvents({
        region: "us3",
        logId,
        count: 3,
        envelopeTimestampMs: Date.now() - 40_000,
      });
      await enqueue(pullSourceJob, { sourceId: source.id, trigger: "manual" });
      await waitFor(
        "the live events",
        async () => (await storedAuditIds(source.id)).length === small.length + live.length,
        120_000,
      );

      expect(worker.exitCode).toBeNull();
      const runs = await db.pullRun.findMany({
        where: { sourceId: source.id, status: { not: "running" } },
        select: { status: true, errorMessage: true },
      });
      expect(runs.filter((run) => run.status !== "succeeded")).toEqual([]);
    },
  );
});
