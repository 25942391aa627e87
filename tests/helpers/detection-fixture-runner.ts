import type { DetectionEvent, DetectionRule, RawRecord, RuleFixture } from "@/lib/detections/rule";
import { getLogType, normalizeRaw } from "@/lib/logtypes";
import { memoryDetectionContext } from "./detection-memory-context";

/**
 * Runs a rule's fixtures the way production would: every record goes through the real
 * normalizer of the rule's log type (so a fixture that is not a valid record fails
 * loudly), the context events are "stored" first with smaller ids, and the lookups run
 * on the in-memory context. Server-only (the normalizer reads schemas from disk).
 */
const FIXTURE_SOURCE_ID = "00000000-0000-4000-8000-00000000f1c7";

function fixtureEvent(logTypeName: string, raw: RawRecord, id: bigint): DetectionEvent {
  const logType = getLogType(logTypeName);
  const result = normalizeRaw(logType, JSON.stringify(raw), {
    sourceId: FIXTURE_SOURCE_ID,
    sourceLabel: "Fixtures",
    parseTime: new Date("2024-07-01T00:00:00.000Z"),
  });
  if (!result.ok) throw new Error(`Fixture record does not normalize as ${logTypeName}: ${result.failure.reason}`);
  const { event } = result;
  return {
    id,
    sourceId: FIXTURE_SOURCE_ID,
    eventTime: event.eventTime,
    action: event.index.action,
    result: event.index.result,
    product: event.index.product,
    description: event.index.description,
    emails: event.index.emails,
    usernames: event.index.usernames,
    record: event.record,
  };
}

export type FixtureOutcome = { matched: boolean; event: DetectionEvent; subject: string; evidence: bigint[] };

export async function runFixture(rule: DetectionRule, fixture: RuleFixture): Promise<FixtureOutcome> {
  const logType = rule.logTypes[0];
  if (!logType) throw new Error(`Rule ${rule.id} names no log type.`);
  const stored = (fixture.context?.events ?? []).map((raw, index) => fixtureEvent(logType, raw, BigInt(index + 1)));
  const event = fixtureEvent(logType, fixture.event, BigInt(stored.length + 1));
  const context = memoryDetectionContext([...stored, event]);
  const matched = await rule.matches(event, context);
  return {
    matched,
    event,
    subject: rule.subject(event),
    evidence: matched && rule.evidence ? await rule.evidence(event, context) : [],
  };
}
