import type PgBoss from "pg-boss";
import { databaseUrl } from "@/lib/db";
import { createBoss } from "@/lib/jobs/boss";
import type { JobDefinition } from "@/lib/jobs/define";
import type { z } from "zod";

/**
 * Enqueues jobs from any process (web server, CLI, a job handler). The payload is
 * checked against the job's schema here, so a bad payload fails at the caller rather
 * than in a worker later. The sender connection is opened on first use.
 */
const globalForQueue = globalThis as typeof globalThis & { __intakeSender?: Promise<PgBoss> };
const knownQueues = new Set<string>();

function sender(): Promise<PgBoss> {
  globalForQueue.__intakeSender ??= (async () => {
    const boss = createBoss(databaseUrl(), "sender");
    boss.on("error", () => {});
    await boss.start();
    return boss;
  })();
  return globalForQueue.__intakeSender;
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
  if (pending) await (await pending).stop({ graceful: false, wait: true });
}
