import { auditRecord } from "../../fixture-record";
import { isAdminAction } from "../../rapid7/actions";
import { RAPID7_AUDIT_LOG_TYPE } from "../../rapid7/log-type";
import { humanOf, isFailure } from "../../rapid7/record";
import { defineRule, type DetectionEvent, type DetectionRule } from "../../rule";

/**
 * (d) An unfamiliar person performing administration: an admin-type action (users,
 * roles, API keys, collectors, logs, …) by someone with no activity on this source in
 * the `lookbackDays` before their arrival. A new hire is expected to show up now and
 * then; an account nobody has seen that starts by changing roles or deleting collectors
 * is how a takeover of a dormant or freshly invited account looks.
 *
 * "Arrival" allows `newcomerHours`: activity within the last day does not make a person
 * familiar, so a newcomer's first day of admin actions is one alert (the dedup window is
 * a day too) rather than their first action only. The rule stays quiet until the source
 * holds `baselineDays` of history, so enabling the pack on a new source does not flag
 * every administrator at once.
 */
export type UnfamiliarSettings = { lookbackDays: number; newcomerHours: number; baselineDays: number };
const DEFAULT_UNFAMILIAR: UnfamiliarSettings = { lookbackDays: 30, newcomerHours: 24, baselineDays: 7 };

const DAY_MS = 24 * 3600_000;
const time = (iso: string, daysBefore = 0) => new Date(Date.parse(iso) - daysBefore * DAY_MS).toISOString();
const ACTION_AT = "2024-06-20T10:00:00.000Z";
/** Someone else's event long ago: the source has history. */
const history = (daysBefore = 40) =>
  auditRecord({ time: time(ACTION_AT, daysBefore), action: "LOG_UPDATED", email: "alice@example.com" });

export function unfamiliarAdminRule(settings: UnfamiliarSettings = DEFAULT_UNFAMILIAR): DetectionRule {
  if (settings.newcomerHours >= settings.lookbackDays * 24)
    throw new Error("The newcomer allowance must be shorter than the look-back.");
  return defineRule({
    id: "rapid7.unfamiliar_admin",
    title: "Unfamiliar person performing admin actions",
    severity: "medium",
    description:
      `Someone with no activity on this source in the previous ${settings.lookbackDays} days performed administrative actions (users, roles, API keys, collectors, logs). ` +
      "Confirm the person is a current administrator (a new hire, a returning colleague, a consultant), that their access was granted through the usual process, " +
      "and review every change they made; if nobody expects them, disable the account and rotate what it touched.",
    logTypes: [RAPID7_AUDIT_LOG_TYPE],
    dedupWindowMinutes: 24 * 60,
    subject: (event) => humanOf(event)?.value ?? "unknown person",
    async matches(event: DetectionEvent, context) {
      if (!isAdminAction(event.action) || isFailure(event)) return false;
      const person = humanOf(event);
      if (!person) return false;
      const arrival = new Date(event.eventTime.getTime() - settings.newcomerHours * 3600_000);
      const since = await context.historyStart(event.sourceId);
      if (!since || since.getTime() > event.eventTime.getTime() - settings.baselineDays * DAY_MS) return false;
      return !(await context.seenBefore({
        sourceId: event.sourceId,
        person,
        beforeEventTime: arrival,
        days: settings.lookbackDays,
      }));
    },
    tests: [
      {
        name: "a never-seen person changes user roles",
        event: auditRecord({
          time: ACTION_AT,
          action: "UPDATE_USER_ROLES",
          email: "eve@example.com",
          description: "Roles of Grace Kowalski updated",
        }),
        context: { events: [history()] },
        expect: true,
      },
      {
        name: "a person last seen 45 days ago deletes a collector",
        event: auditRecord({ time: ACTION_AT, action: "DELETE_COLLECTOR", email: "eve@example.com" }),
        context: {
          events: [
            history(),
            auditRecord({ time: time(ACTION_AT, 45), action: "LOG_UPDATED", email: "eve@example.com" }),
          ],
        },
        expect: true,
      },
      {
        name: "activity earlier the same day does not make a newcomer familiar",
        event: auditRecord({
          time: ACTION_AT,
          action: "CREATE_API_KEY",
          product: "PLATFORM",
          email: "eve@example.com",
        }),
        context: {
          events: [
            history(),
            auditRecord({
              time: time(ACTION_AT, 0.25),
              action: "INVITE_USER",
              product: "PLATFORM",
              email: "eve@example.com",
            }),
          ],
        },
        expect: true,
      },
      {
        name: "a person known only by name",
        event: auditRecord({ time: ACTION_AT, action: "ACTIVATE_COLLECTOR", name: "contractor-7" }),
        context: { events: [history()] },
        expect: true,
      },
      {
        name: "a person seen ten days ago",
        event: auditRecord({ time: ACTION_AT, action: "UPDATE_USER_ROLES", email: "bob@example.com" }),
        context: {
          events: [
            history(),
            auditRecord({ time: time(ACTION_AT, 10), action: "SAVE_POLICY", product: "IVM", email: "bob@example.com" }),
          ],
        },
        expect: false,
      },
      {
        name: "a never-seen person saving an InsightVM policy is not administration",
        event: auditRecord({ time: ACTION_AT, action: "SAVE_POLICY", product: "IVM", email: "eve@example.com" }),
        context: { events: [history()] },
        expect: false,
      },
      {
        name: "a failed admin action is left to the failure rule",
        event: auditRecord({
          time: ACTION_AT,
          action: "UPDATE_USER_ROLES",
          result: "FAILURE",
          email: "eve@example.com",
        }),
        context: { events: [history()] },
        expect: false,
      },
      {
        name: "an API key is not a person",
        event: auditRecord({ time: ACTION_AT, action: "DELETE_COLLECTOR", apiKeyId: "ak-9999" }),
        context: { events: [history()] },
        expect: false,
      },
      {
        name: "reading users is not administration",
        event: auditRecord({ time: ACTION_AT, action: "LIST_USERS", email: "eve@example.com" }),
        context: { events: [history()] },
        expect: false,
      },
      {
        name: "quiet until the source has a week of history",
        event: auditRecord({ time: ACTION_AT, action: "UPDATE_USER_ROLES", email: "eve@example.com" }),
        context: { events: [history(3)] },
        expect: false,
      },
    ],
  });
}
