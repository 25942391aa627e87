import { apiKeyIdOf } from "@/lib/detections/rapid7/record";
import type { DetectionContext, DetectionEvent, Person, RecentQuery, SeenQuery } from "@/lib/detections/rule";

/**
 * The detection context over events held in memory, for rule fixtures. Same semantics
 * as lib/detections/sql-context.ts, clause for clause (tests/integration/detections.test.ts runs both
 * over the same events), so a fixture that passes here means the same thing in
 * production.
 */
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

function personMatches(event: DetectionEvent, person: Person): boolean {
  if (person.kind === "email") return event.emails.includes(person.value);
  if (person.kind === "username") return event.usernames.includes(person.value);
  return apiKeyIdOf(event) === person.value;
}

export function memoryDetectionContext(events: readonly DetectionEvent[]): DetectionContext {
  const recent = (query: RecentQuery) => {
    const until = query.until.getTime();
    const from = until - query.withinMinutes * MINUTE_MS;
    return events.filter((event) => {
      const time = event.eventTime.getTime();
      return (
        event.sourceId === query.sourceId &&
        time >= from &&
        time <= until &&
        (query.result === undefined || event.result?.toUpperCase() === query.result.toUpperCase()) &&
        personMatches(event, query.person)
      );
    });
  };
  return {
    async countRecent(query) {
      return recent(query).length;
    },
    async recentEventIds(query) {
      return recent(query)
        .sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime() || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0))
        .slice(0, query.limit ?? 100)
        .map((event) => event.id);
    },
    async seenBefore(query: SeenQuery) {
      const before = query.beforeEventTime.getTime();
      const from = before - query.days * DAY_MS;
      return events.some((event) => {
        const time = event.eventTime.getTime();
        return event.sourceId === query.sourceId && time >= from && time < before && personMatches(event, query.person);
      });
    },
    async historyStart(sourceId) {
      let oldest: number | null = null;
      for (const event of events) {
        if (event.sourceId === sourceId && (oldest === null || event.eventTime.getTime() < oldest))
          oldest = event.eventTime.getTime();
      }
      return oldest === null ? null : new Date(oldest);
    },
  };
}
