import { ALERT_KIND_LABELS, isAlertKind, isSeverity, SEVERITY_LABELS } from "@/lib/alerts/schemas";
import type { AlertChange } from "../update-notice";
import type { AlertPayload } from "./payload";
import type { OutgoingRequest } from "./webhook";

/**
 * A Slack incoming webhook (https://hooks.slack.com/services/...): Slack's
 * `{ text, blocks }` message. `text` is the plain fallback Slack shows in notifications;
 * the blocks carry severity, title (linked to the alert in the console), description,
 * source and times.
 */
export type SlackMessage = { text: string; blocks: SlackBlock[] };
type SlackText = { type: "mrkdwn" | "plain_text"; text: string };
type SlackBlock =
  { type: "section"; text: SlackText } | { type: "context"; elements: SlackText[] } | { type: "divider" };

const SEVERITY_EMOJI: Record<string, string> = {
  critical: ":red_circle:",
  high: ":large_orange_circle:",
  medium: ":large_yellow_circle:",
  low: ":large_blue_circle:",
  info: ":white_circle:",
};

const HEADLINE: Record<AlertPayload["type"], string> = {
  "alert.opened": "New alert",
  "alert.updated": ":arrow_up: Updated",
  "alert.reminded": ":bell: Still open",
  "alert.resolved": ":white_check_mark: Resolved",
  "alert.reopened": ":repeat: Reopened",
  test: ":wave: Test notification",
};

/**
 * Slack reads &, < and > as control characters in `text` and in mrkdwn: `<!channel>`
 * pings everyone, `<@U123>` mentions a person, `<https://…|label>` is a link with any
 * label. Alert titles and descriptions carry event content (actor names, descriptions)
 * that whoever writes the audit log chooses, so all of it is escaped, everywhere.
 */
function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Escaped, then cut to `max` characters without splitting an entity such as &amp;. */
function slackText(text: string, max: number): string {
  const escaped = slackEscape(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]{0,3}$/, "")}…`;
}

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

export function slackMessage(payload: AlertPayload): SlackMessage {
  const { alert } = payload;
  const severity = isSeverity(alert.severity) ? SEVERITY_LABELS[alert.severity] : alert.severity;
  const kind = isAlertKind(alert.kind) ? ALERT_KIND_LABELS[alert.kind] : alert.kind;
  const emoji = SEVERITY_EMOJI[alert.severity] ?? ":white_circle:";
  const headline = payload.type === "alert.opened" ? `${emoji} ${HEADLINE[payload.type]}` : HEADLINE[payload.type];
  const title = slackText(alert.title, 300);
  const link = alert.url.replaceAll("|", "%7C").replaceAll(">", "%3E");

  const blocks: SlackBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `${headline} · *${slackEscape(severity)}* · ${slackEscape(kind)}\n*<${link}|${title}>*`,
      },
    },
  ];
  if (alert.description)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: slackText(alert.description, 2900) } });
  if (payload.type === "alert.updated" && payload.change) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*What changed:* ${changeText(payload.change, severity)}` },
    });
  }
  if (payload.type === "alert.resolved" && alert.resolution) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: `*Resolution:* ${slackText(alert.resolution, 2800)}` },
    });
  }
  const facts = [
    alert.source ? `Source: ${slackEscape(alert.source.name)}` : null,
    `First seen ${utc(alert.firstSeenAt)}`,
    `Last seen ${utc(alert.lastSeenAt)}`,
    alert.eventCount > 0 ? `${alert.eventCount} event${alert.eventCount === 1 ? "" : "s"}` : null,
  ].filter((fact): fact is string => fact !== null);
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: facts.join(" · ") }] });

  const prefix =
    payload.type === "test" ? "[Test]" : payload.type === "alert.resolved" ? "[Resolved]" : `[${severity}]`;
  return { text: slackText(`${prefix} ${alert.title}`, 3000), blocks };
}

/** "Severity raised from High to Critical; 100 matching events so far." */
function changeText(change: AlertChange, severity: string): string {
  const parts: string[] = [];
  if (change.reasons.includes("severity_escalated")) {
    const previous = isSeverity(change.previousSeverity)
      ? SEVERITY_LABELS[change.previousSeverity]
      : change.previousSeverity;
    parts.push(`Severity raised from ${slackEscape(previous)} to ${slackEscape(severity)}`);
  }
  if (change.eventCountMilestone !== null)
    parts.push(`${change.eventCountMilestone.toLocaleString("en-US")} matching events so far`);
  return `${parts.join("; ")}.`;
}

export function slackRequest(payload: AlertPayload): OutgoingRequest {
  return { body: JSON.stringify(slackMessage(payload)), headers: { "content-type": "application/json" } };
}
