import type { z } from "zod";

/**
 * What a job is, apart from what it does: its queue name, the zod schema of its payload
 * (checked when sent and again when received, since payloads outlive deployments), its
 * queue policy, how many one worker runs at once, and its schedule. Senders need only
 * this; the handler that does the work is bound to it in lib/worker/registry.ts, so
 * enqueueing a job never loads the code that runs it.
 */
type QueueSettings = {
  policy?: "standard" | "short" | "singleton" | "stately";
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  retentionMinutes?: number;
  deleteAfterSeconds?: number;
};

export type JobContract<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  queue: QueueSettings;
  /** How many of this job one worker process runs at once. */
  concurrency: number | (() => number);
  /** A cron expression (UTC) when the job runs on a schedule. */
  cron?: string;
};

/** The payload a contract's handler receives (after the schema's defaults and transforms). */
export type JobPayload<C extends JobContract> = z.output<C["schema"]>;

export function defineJobContract<S extends z.ZodType>(contract: JobContract<S>): JobContract<S> {
  return contract;
}
