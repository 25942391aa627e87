import { type ChangeWindow, compileChangeWindow, DEFAULT_CHANGE_WINDOW } from "../../change-window";
import { auditRecord } from "../../fixture-record";
import { isReadAction } from "../../rapid7/actions";
import { RAPID7_AUDIT_LOG_TYPE } from "../../rapid7/log-type";
import { actorLabelOf, isApiKeyActivity } from "../../rapid7/record";
import { defineRule, type DetectionRule } from "../../rule";

/**
 * (b) A change made with an API key outside the change window. Integrations run on
 * schedules people agreed to; a key changing configuration at 03:00 on a Sunday is
 * either a job nobody documented or a stolen key. Reads are excluded (they change
 * nothing), failures are not (a stolen key probing is still a stolen key). Automation
 * flows without an API key are Rapid7's own scheduler and are expected at any hour.
 *
 * The window is the rule's configuration: build another instance with
 * apiChangeOutsideWindowRule({ ...DEFAULT_CHANGE_WINDOW, timeZone: "Europe/Berlin" }).
 */
export function apiChangeOutsideWindowRule(window: ChangeWindow = DEFAULT_CHANGE_WINDOW): DetectionRule {
  const allowed = compileChangeWindow(window);
  return defineRule({
    id: "rapid7.api_change_outside_window",
    title: "API key change outside the change window",
    severity: "medium",
    description:
      `A change was made through the Rapid7 API (an API key) outside the approved change window (${allowed.describe()}). ` +
      "Check which integration or person owns the key, whether a scheduled job or an emergency change explains it, and what else the key did; " +
      "rotate the key if nobody recognises the activity.",
    logTypes: [RAPID7_AUDIT_LOG_TYPE],
    dedupWindowMinutes: 60,
    subject: actorLabelOf,
    matches: (event) => isApiKeyActivity(event) && !isReadAction(event.action) && !allowed.contains(event.eventTime),
    tests: [
      {
        name: "an API key updates a log on Saturday night",
        // 2024-06-01 is a Saturday.
        event: auditRecord({
          time: "2024-06-01T02:14:00.000Z",
          action: "LOG_UPDATED",
          apiKeyId: "ak-7731",
          description: 'Log "newnet" was updated',
        }),
        expect: true,
      },
      {
        name: "an API key deletes a collector on a weekday before 06:00 UTC",
        event: auditRecord({ time: "2024-06-04T05:59:59.000Z", action: "DELETE_COLLECTOR", apiKeyId: "ak-2209" }),
        expect: true,
      },
      {
        name: "a person using the API at 20:00 exactly (the window has ended)",
        event: auditRecord({
          time: "2024-06-04T20:00:00.000Z",
          action: "UPDATE_USER_ROLES",
          accessMethod: "API",
          email: "dmitri@example.com",
        }),
        expect: true,
      },
      {
        name: "a failed API change at night still counts",
        event: auditRecord({
          time: "2024-06-05T23:30:00.000Z",
          action: "LOG_UPDATED",
          result: "FAILURE",
          apiKeyId: "ak-5180",
        }),
        expect: true,
      },
      {
        name: "an API key change inside the window",
        event: auditRecord({ time: "2024-06-04T14:00:00.000Z", action: "LOG_UPDATED", apiKeyId: "ak-7731" }),
        expect: false,
      },
      {
        name: "the window starts at 06:00 inclusive",
        event: auditRecord({ time: "2024-06-04T06:00:00.000Z", action: "LOG_UPDATED", apiKeyId: "ak-7731" }),
        expect: false,
      },
      {
        name: "an API read at night changes nothing",
        event: auditRecord({ time: "2024-06-01T02:14:00.000Z", action: "LIST_USERS", apiKeyId: "ak-5180" }),
        expect: false,
      },
      {
        name: "a person in the UI at night is not an API change",
        event: auditRecord({ time: "2024-06-01T02:14:00.000Z", action: "LOG_UPDATED", email: "alice@example.com" }),
        expect: false,
      },
      {
        name: "a Rapid7 automation flow at night is expected",
        event: auditRecord({
          time: "2024-06-01T02:00:00.000Z",
          action: "DELETE_HONEYPOT",
          flow: "Nightly honeypot cleanup",
        }),
        expect: false,
      },
    ],
  });
}
