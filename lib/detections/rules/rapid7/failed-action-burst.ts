import { auditRecord } from "../../fixture-record";
import { RAPID7_AUDIT_LOG_TYPE } from "../../rapid7/log-type";
import { actorLabelOf, isFailure, personOf } from "../../rapid7/record";
import { defineRule, type DetectionRule } from "../../rule";

/**
 * (c) A burst of failed actions by one actor: at least `threshold` FAILURE results within
 * `withinMinutes`. One failure is a typo; a run of them is someone trying what they may
 * not do (a compromised account exploring, a key with revoked rights retrying). Every
 * failure from the burst threshold on matches, and each match links the failures that
 * made the count, so one alert (per dedup window) shows the whole burst.
 */
export type BurstSettings = { threshold: number; withinMinutes: number };
const DEFAULT_BURST: BurstSettings = { threshold: 5, withinMinutes: 10 };

const at = (minute: number, second = 0) =>
  `2024-06-04T10:${String(minute).padStart(2, "0")}:${String(second).padStart(2, "0")}.000Z`;
const failure = (
  minute: number,
  who: { email: string } | { apiKeyId: string } = { email: "mallory@example.com" },
  action = "UPDATE_USER_ROLES",
) => auditRecord({ time: at(minute), action, result: "FAILURE", ...who });

export function failedActionBurstRule(settings: BurstSettings = DEFAULT_BURST): DetectionRule {
  if (!Number.isInteger(settings.threshold) || settings.threshold < 2)
    throw new Error("A burst needs a threshold of at least 2 failures.");
  if (!(settings.withinMinutes > 0)) throw new Error("A burst needs a positive time span.");
  const recent = (event: Parameters<DetectionRule["subject"]>[0]) => {
    const person = personOf(event);
    return person
      ? {
          sourceId: event.sourceId,
          person,
          result: "FAILURE",
          withinMinutes: settings.withinMinutes,
          until: event.eventTime,
        }
      : null;
  };
  return defineRule({
    id: "rapid7.failed_action_burst",
    title: "Burst of failed actions",
    severity: "medium",
    description:
      `One actor had at least ${settings.threshold} actions fail within ${settings.withinMinutes} minutes. ` +
      "Check what they tried to do (the linked events), whether their role or key recently lost permissions, and whether the account or key may be in someone else's hands.",
    logTypes: [RAPID7_AUDIT_LOG_TYPE],
    dedupWindowMinutes: 60,
    subject: actorLabelOf,
    async matches(event, context) {
      if (!isFailure(event)) return false;
      const query = recent(event);
      return query !== null && (await context.countRecent(query)) >= settings.threshold;
    },
    async evidence(event, context) {
      const query = recent(event);
      // The failures that made this one reach the threshold: later matches bring theirs, so the alert ends up with the whole burst.
      return query ? context.recentEventIds({ ...query, limit: settings.threshold }) : [];
    },
    tests: [
      {
        name: "the fifth failure within ten minutes",
        event: failure(9),
        context: { events: [failure(0), failure(2), failure(4), failure(7)] },
        expect: true,
      },
      {
        name: "an API key failing repeatedly",
        event: failure(5, { apiKeyId: "ak-2209" }, "LOG_UPDATED"),
        context: { events: [1, 2, 3, 4].map((minute) => failure(minute, { apiKeyId: "ak-2209" }, "LOG_UPDATED")) },
        expect: true,
      },
      {
        name: "failures exactly ten minutes apart are still one burst",
        event: failure(10),
        context: { events: [failure(0), failure(1), failure(2), failure(3)] },
        expect: true,
      },
      {
        name: "only four failures",
        event: failure(9),
        context: { events: [failure(2), failure(4), failure(7)] },
        expect: false,
      },
      {
        name: "the first failure is more than ten minutes earlier",
        event: failure(11),
        context: { events: [failure(0), failure(2), failure(4), failure(7)] },
        expect: false,
      },
      {
        name: "failures by someone else do not count",
        event: failure(9),
        context: { events: [failure(0), failure(2), failure(4, { email: "bob@example.com" }), failure(7)] },
        expect: false,
      },
      {
        name: "successes do not count",
        event: failure(9),
        context: {
          events: [
            failure(0),
            failure(2),
            failure(4),
            auditRecord({ time: at(7), action: "UPDATE_USER_ROLES", email: "mallory@example.com" }),
          ],
        },
        expect: false,
      },
      {
        name: "a success after four failures is not a failure",
        event: auditRecord({ time: at(9), action: "UPDATE_USER_ROLES", email: "mallory@example.com" }),
        context: { events: [failure(0), failure(2), failure(4), failure(7), failure(8)] },
        expect: false,
      },
    ],
  });
}
