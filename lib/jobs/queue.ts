import type PgBoss from "pg-boss";
import { databaseUrl } from "@/lib/db";
import { createBoss } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";
import type { z } from "zod";

/**
 * Enqueues jobs from any process (web server, CLI, a job handler). The payload is
 * checked against the job's schema here, so a bad payload fails at the caller rather
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
  definition: JobDefinition<S>,
  data: z.input<S>,
  options: PgBoss.SendOptions = {},
): Promise<string | null> {
  const payload = definition.schema.parse(data) as object;
  const boss = await sender();
  if (!knownQueues.has(definition.name)) {
    await boss.createQueue(definition.name, { name: definition.name, ...definition.queue });
    knownQueues.add(definition.name);
  }
  return boss.send(definition.name, payload, options);
}

export async function stopQueueSender(): Promise<void> {
  const pending = globalForQueue.__intakeSender;
  globalForQueue.__intakeSender = undefined;
  knownQueues.clear();
  const boss = await pending?.catch(() => undefined);
  if (boss) await boss.stop({ graceful: false, wait: true });
}
