import type { z } from "zod";
import type { Logger } from "@/lib/logger";

/**
 * A typed job: its queue name, the zod schema of its payload (checked when sent and
 * again when received, since payloads outlive deployments), its queue policy, and an
 * idempotent handler. Handlers get an AbortSignal that fires when the worker is asked
 * to stop, so long jobs can reach a safe point and return instead of being cut off.
 */
export type JobContext = { jobId: string; workerId: string; signal: AbortSignal; log: Logger; retryCount: number };

export type QueueSettings = {
  policy?: "standard" | "short" | "singleton" | "stately";
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  retentionMinutes?: number;
  deleteAfterSeconds?: number;
};

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  schema: S;
  queue: QueueSettings;
  /** How many of this job one worker process runs at once. */
  concurrency: number | (() => number);
  /** A cron expression (UTC) when the job runs on a schedule. */
  cron?: string;
  handler: (data: z.output<S>, context: JobContext) => Promise<void>;
};

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
