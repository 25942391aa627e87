import { SEVERITY_RANK, isSeverity } from "./schemas";

/**
 * When an update of an open alert is worth a notification. Destinations hear when an
 * alert opens; after that, most updates are "seen again" and notifying each would train
 * people to mute the channel. Two changes do alter what a responder should do:
 *
 * - the severity escalates (e.g. high to critical): it may now warrant paging someone;
 * - the count of matching events reaches 10, 100, 1,000, … : what looked like one event is
 *   an ongoing run (a burst of failures keeps going, deletions continue). Powers of ten
 *   keep this to a handful of notifications however long the alert stays open.
 *
 * Both are read under the alert's dedup-key lock, so each escalation and each milestone
 * is notified exactly once, however many workers raise the alert at the same time.
 */
type UpdateReason = "severity_escalated" | "event_count_milestone";

export type AlertChange = {
  reasons: UpdateReason[];
  previousSeverity: string;
  previousEventCount: number;
  /** The milestone the event count reached (10, 100, …), or null when only the severity changed. */
  eventCountMilestone: number | null;
};

type Notable = { severity: string; eventCount: number };

/** The highest power of ten (10 or more) in (before, after], or null when the count crossed none. */
export function eventCountMilestone(before: number, after: number): number | null {
  let crossed: number | null = null;
  for (let milestone = 10; milestone <= after; milestone *= 10) {
    if (before < milestone) crossed = milestone;
  }
  return crossed;
}

function rank(severity: string): number {
  return isSeverity(severity) ? SEVERITY_RANK[severity] : -1;
}

/** The change worth notifying between an open alert's state before and after an update, or null for a plain "seen again". */
export function notableChange(before: Notable, after: Notable): AlertChange | null {
  const reasons: UpdateReason[] = [];
  if (rank(after.severity) > rank(before.severity)) reasons.push("severity_escalated");
  const milestone = eventCountMilestone(before.eventCount, after.eventCount);
  if (milestone !== null) reasons.push("event_count_milestone");
  if (reasons.length === 0) return null;
  return {
    reasons,
    previousSeverity: before.severity,
    previousEventCount: before.eventCount,
    eventCountMilestone: milestone,
  };
}
