/**
 * Coverage windows: a source's Rapid7 receive-time timeline cut into fixed 15-minute
 * windows aligned to the epoch (so :00, :15, :30, :45 UTC), and the rule that judges a
 * window once Intake's count and Rapid7's are known.
 */
export const WINDOW_MS = 15 * 60_000;

/** Windows one Rapid7 count query covers at most (one day): its timeseries has a bucket per window. */
export const WINDOWS_PER_QUERY = 96;

export const COVERAGE_STATES = ["pending", "verified", "repaired", "short", "over", "unverifiable"] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];

/** Start of the window holding this instant. */
export function windowStartOf(ms: number): number {
  return Math.floor(ms / WINDOW_MS) * WINDOW_MS;
}

/**
 * Windows ending at or before this instant may be compared with Rapid7: they ended at
 * least the settle delay ago (Rapid7 may still be indexing late records before that) and
 * the pull checkpoint has passed them (before that the live pull has simply not read
 * them yet: Intake is behind, nothing is missing). Null: nothing may be compared yet.
 */
export function settledBefore(nowMs: number, settleMs: number, checkpointMs: number | null): number | null {
  return checkpointMs === null ? null : Math.min(nowMs - settleMs, checkpointMs);
}

/** Runs of consecutive window starts, each at most `max` long: one count query each. */
export function consecutiveRuns(starts: readonly number[], max = WINDOWS_PER_QUERY): number[][] {
  const runs: number[][] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last !== undefined && start === last + WINDOW_MS && run.length < max) run.push(start);
    else runs.push([start]);
  }
  return runs;
}

/**
 * A window's state from the two counts. `repulled`: Intake read the window again after a
 * first count fell short, so equal counts now mean the re-pull closed the gap.
 */
export function judgeWindow(intakeCount: number, rapid7Count: number, repulled: boolean): CoverageState {
  if (intakeCount === rapid7Count) return repulled ? "repaired" : "verified";
  return intakeCount < rapid7Count ? "short" : "over";
}

/** A short or unverifiable window is tried this many times, then left as it is for a person to look at. */
export const MAX_ATTEMPTS = 3;

/** Whether a window in this state is looked at again by the next reconciliation. */
export function needsCheck(state: CoverageState, attempts: number, maxAttempts: number): boolean {
  if (state === "pending") return true;
  return (state === "short" || state === "unverifiable") && attempts < maxAttempts;
}
