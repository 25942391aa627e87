import type PgBoss from "pg-boss";
import { databaseUrl } from "@/lib/db";
import type { z } from "zod";
import { createBoss } from "./boss";
import { createQueues } from "./queue-setup";
import type { JobContract } from "./contract";

/**
 * Enqueues jobs from any process (web server, CLI, a job handler) by contract. The payload
 * is checked against the contract's schema here, so a bad payload fails at the caller rather
 * than in a worker later. The sender connection is opened on first use; if that fails
 * (the database briefly away), the failure is not kept: the next enqueue tries again.
 */
const globalForQueue = globalThis as typeof globalThis & { __intakeSender?: Promise<PgBoss> };
const knownQueues = new Set<string>();

function sender(): Promise<PgBoss> {
  const existing = globalForQueue.__intakeSender;
  if (existing) return existing;
  const starting = (async () => {
    const boss = createBoss(databaseUrl(), "sender");
    boss.on("error", () => {});
    try {
      await boss.start();
    } catch (error) {
      // pg-boss does not close the pool of a start that failed; its Db has close().
      await (boss.getDb() as { close?: () => Promise<void> }).close?.().catch(() => {});
      throw error;
    }
    return boss;
  })();
  globalForQueue.__intakeSender = starting;
  starting.catch(() => {
    if (globalForQueue.__intakeSender === starting) globalForQueue.__intakeSender = undefined;
  });
  return starting;
}

export async function enqueue<S extends z.ZodType>(
  contract: JobContract<S>,
  data: z.input<S>,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const payload = contract.schema.parse(data) as object;
  const boss = await sender();
  if (!knownQueues.has(contract.name)) {
    await createQueues(boss, [contract]);
    knownQueues.add(contract.name);
  }
  return boss.send(contract.name, payload, options);
}

export async function stopQueueSender(): Promise<void> {
  const pending = globalForQueue.__intakeSender;
  globalForQueue.__intakeSender = undefined;
  knownQueues.clear();
  const boss = await pending?.catch(() => undefined);
  if (boss) await boss.stop({ graceful: false, wait: true });
}
