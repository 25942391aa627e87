import type { RateLimitSnapshot } from "@/lib/integrations/rapid7";

/**
 * How much of a Rapid7 key's query rate limit reconciliation may use. Rapid7 counts a
 * key's requests in a window (15 minutes); reconciliation asks only while more than
 * (100 − percent)% of the window's requests remain, so it spends at most `percent`% of
 * any window and live pulls always keep the rest, whatever they have used already.
 */
export type RateLimitView = Pick<RateLimitSnapshot, "limit" | "remaining" | "resetAt">;

export function mayReconcile(
  snapshot: RateLimitView | null | undefined,
  percent: number,
  /** Requests the next step may send (a count query's create and polls, a re-pull's pages). */
  cost: number,
  nowMs: number,
): boolean {
  if (percent <= 0) return false;
  // Nothing known yet, or the window it described is over: the first answer tells.
  if (!snapshot || snapshot.resetAt.getTime() <= nowMs) return true;
  const keepForPulls = Math.ceil((snapshot.limit * (100 - percent)) / 100);
  return snapshot.remaining - cost >= keepForPulls;
}
