import type { Logger } from "@/lib/logger";
import type { JobContract, JobPayload } from "@/lib/queue/contract";

/**
 * What a job does, for the worker only. Handlers are idempotent (payloads can be
 * delivered twice) and get an AbortSignal that fires when the worker is asked to stop, so
 * long jobs can reach a safe point and return instead of being cut off.
 */
type JobContext = { jobId: string; workerId: string; signal: AbortSignal; log: Logger; retryCount: number };

export type JobHandler<C extends JobContract> = (data: JobPayload<C>, context: JobContext) => Promise<void>;

/** A contract and its handler, as the worker runtime runs them. */
export type BoundJob = { contract: JobContract; handler: JobHandler<JobContract> };

export function bindJob<C extends JobContract>(contract: C, handler: JobHandler<C>): BoundJob {
  return { contract, handler: handler as JobHandler<JobContract> };
}
