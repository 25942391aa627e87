/**
 * The low-volume check: the last complete hour's events against what this source usually
 * stores in the same hour of the week (its own history, lib/sources/volume.ts learns it).
 * Optional per source; until the source has LEARNING_WEEKS of history it says it is
 * learning, and during a maintenance window it is suppressed.
 */
export const LEARNING_WEEKS = 3;
/** An hour that usually sees fewer events than this is too small to call low. */
export const MIN_EXPECTED_EVENTS = 5;

export type VolumeFacts = {
  enabled: boolean;
  warnPercent: number;
  errorPercent: number;
  /** Start of the last complete hour, the one judged. */
  hour: Date;
  events: number;
  /** Usual events in this hour of the week; null while learning. */
  expected: number | null;
  /** Weeks of history the baseline has (at most the weeks it averages). */
  weeksLearned: number;
  maintenance: { reason: string; ownerName: string; endsAt: Date } | null;
};

export type VolumeFinding =
  | { check: "volume"; code: "volume_learning"; status: "pending"; since: null; weeksLearned: number }
  | {
      check: "volume";
      code: "volume_maintenance";
      status: "ok";
      since: null;
      maintenance: NonNullable<VolumeFacts["maintenance"]>;
    }
  | { check: "volume"; code: "volume_normal"; status: "ok"; since: Date; events: number; expected: number }
  | {
      check: "volume";
      code: "volume_low_warning" | "volume_low_error";
      status: "warning" | "failing";
      since: Date;
      events: number;
      expected: number;
      percent: number;
      thresholdPercent: number;
    };

export function volumeFinding(facts: VolumeFacts): VolumeFinding {
  if (facts.maintenance)
    return { check: "volume", code: "volume_maintenance", status: "ok", since: null, maintenance: facts.maintenance };
  if (facts.expected === null || facts.weeksLearned < LEARNING_WEEKS)
    return {
      check: "volume",
      code: "volume_learning",
      status: "pending",
      since: null,
      weeksLearned: facts.weeksLearned,
    };
  const expected = facts.expected;
  const judged = { since: facts.hour, events: facts.events, expected };
  if (expected < MIN_EXPECTED_EVENTS) return { check: "volume", code: "volume_normal", status: "ok", ...judged };
  const percent = Math.round((facts.events / expected) * 100);
  if (percent < facts.errorPercent)
    return {
      check: "volume",
      code: "volume_low_error",
      status: "failing",
      ...judged,
      percent,
      thresholdPercent: facts.errorPercent,
    };
  if (percent < facts.warnPercent)
    return {
      check: "volume",
      code: "volume_low_warning",
      status: "warning",
      ...judged,
      percent,
      thresholdPercent: facts.warnPercent,
    };
  return { check: "volume", code: "volume_normal", status: "ok", ...judged };
}
