import { enqueue } from "@/lib/queue/enqueue";
import { pullSourceJob } from "@/lib/queue/pull-source";

/**
 * The one place lib/sources asks the queue for work: a pull of a source, now. Kept apart
 * so that the job system can change under it (contracts instead of job definitions)
 * with one file to repoint.
 */
export type RequestedPull = "initial" | "manual";

export async function enqueuePull(
  sourceId: string,
  trigger: RequestedPull,
  /** Collapse repeated requests (a button pressed twice) into one job for this long. */
  dedupSeconds?: number,
): Promise<void> {
  await enqueue(
    pullSourceJob,
    { sourceId, trigger },
    dedupSeconds === undefined ? undefined : { singletonKey: `${trigger}:${sourceId}`, singletonSeconds: dedupSeconds },
  );
}
