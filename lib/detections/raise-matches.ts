import type pg from "pg";
import { raiseAlert } from "@/lib/alerts/service";
import { alertDedupKey, alertKeyPrefix, anchorOf, assignWindows } from "./alert-windows";
import type { DetectionEvent, DetectionPack, DetectionRule } from "./rule";

/**
 * Turns one batch's matches into alerts: grouped by rule (the source is the run's), split
 * into dedup windows, one raiseAlert per window with the matching events (and their
 * evidence). Who a match is about (the rule's subject, e.g. the actor) does not split
 * alerts: it is written into the event, so whoever writes the audit log could otherwise
 * turn one burst into an alert, and a notification per destination, for every made-up
 * actor. The actors are listed on the alert instead (context.subjects, and its title).
 *
 * raiseAlert links each event to an alert at most once and counts only new links, and
 * the runner never hands it events already linked for the rule, so raising again after
 * a crash adds nothing twice.
 */
export type RuleMatch = {
  pack: DetectionPack;
  rule: DetectionRule;
  subject: string;
  event: DetectionEvent;
  evidence: bigint[];
};
export type RaiseOutcome = { opened: number; updated: number };

type Queryable = Pick<pg.PoolClient, "query">;

const TITLE_LIMIT = 500;
/** Subjects listed in an alert's context (moreSubjects says there were others), each at most SUBJECT_LENGTH characters. */
const SUBJECT_LIMIT = 50;
const SUBJECT_LENGTH = 200;

/** The event ids already linked to an alert of each rule, as "ruleId:eventId": those events are done for that rule. */
export async function linkedForRules(
  client: Queryable,
  eventIds: readonly bigint[],
  ruleIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0 || ruleIds.length === 0) return new Set();
  const { rows } = await client.query<{ rule_id: string; event_id: string }>(
    `SELECT DISTINCT a.rule_id, ae.event_id::text AS event_id
     FROM alert_events ae JOIN alerts a ON a.id = ae.alert_id
     WHERE ae.event_id = ANY($1::bigint[]) AND a.kind = 'detection' AND a.rule_id = ANY($2::text[])`,
    [eventIds.map(String), ruleIds],
  );
  return new Set(rows.map((row) => `${row.rule_id}:${row.event_id}`));
}

/** The windows a rule already has on the source: anchors of its alerts whose dedup key has the prefix. */
async function existingAnchors(client: Queryable, sourceId: string, ruleId: string, prefix: string): Promise<Date[]> {
  const { rows } = await client.query<{ dedup_key: string }>(
    `SELECT DISTINCT dedup_key FROM alerts
     WHERE source_id = $1 AND rule_id = $2 AND kind = 'detection' AND left(dedup_key, length($3)) = $3`,
    [sourceId, ruleId, prefix],
  );
  return rows.flatMap((row) => anchorOf(prefix, row.dedup_key) ?? []);
}

type Subjects = { subjects: string[]; more: boolean };

/** The subjects an open alert already lists (from earlier batches of its window). */
async function listedSubjects(client: Queryable, dedupKey: string): Promise<Subjects> {
  const { rows } = await client.query<{ context: { subjects?: unknown; moreSubjects?: unknown } | null }>(
    "SELECT context FROM alerts WHERE open_key = $1",
    [dedupKey],
  );
  const context = rows[0]?.context;
  const subjects = Array.isArray(context?.subjects)
    ? context.subjects.filter((subject): subject is string => typeof subject === "string")
    : [];
  return { subjects, more: context?.moreSubjects === true };
}

/** The listed subjects plus those of the new matches, up to SUBJECT_LIMIT. */
function withSubjects(listed: Subjects, matches: readonly RuleMatch[]): Subjects {
  const subjects = [...listed.subjects];
  let more = listed.more;
  for (const match of matches) {
    const subject = match.subject.slice(0, SUBJECT_LENGTH);
    if (subjects.includes(subject)) continue;
    if (subjects.length < SUBJECT_LIMIT) subjects.push(subject);
    else more = true;
  }
  return { subjects, more };
}

/** "Burst of failed actions: mallory@example.com", "…: mallory@example.com and 39 others", "… and 49+ others". */
function titleOf(rule: DetectionRule, { subjects, more }: Subjects): string {
  const [first = "unknown", ...rest] = subjects;
  const others =
    rest.length === 0 ? "" : ` and ${rest.length}${more ? "+" : ""} other${rest.length === 1 && !more ? "" : "s"}`;
  return `${rule.title}: ${first}${others}`.slice(0, TITLE_LIMIT);
}

export async function raiseMatches(
  client: Queryable,
  sourceId: string,
  matches: readonly RuleMatch[],
  at: () => Date,
): Promise<RaiseOutcome> {
  const groups = new Map<string, RuleMatch[]>();
  for (const match of matches) {
    const group = groups.get(match.rule.id);
    if (group) group.push(match);
    else groups.set(match.rule.id, [match]);
  }

  const outcome: RaiseOutcome = { opened: 0, updated: 0 };
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const { rule, pack } = first;
    const prefix = alertKeyPrefix(sourceId, rule.id);
    const windows = assignWindows(
      group,
      (match) => match.event.eventTime,
      await existingAnchors(client, sourceId, rule.id, prefix),
      rule.dedupWindowMinutes,
    );
    for (const window of windows) {
      const ids = new Set<bigint>();
      for (const match of window.matches) {
        ids.add(match.event.id);
        for (const id of match.evidence) ids.add(id);
      }
      const dedupKey = alertDedupKey(prefix, window.anchor);
      const subjects = withSubjects(await listedSubjects(client, dedupKey), window.matches);
      const { created } = await raiseAlert({
        kind: "detection",
        severity: rule.severity,
        dedupKey,
        title: titleOf(rule, subjects),
        description: rule.description,
        sourceId,
        ruleId: rule.id,
        eventIds: [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
        context: {
          pack: pack.id,
          rule: rule.id,
          subjects: subjects.subjects,
          moreSubjects: subjects.more,
          windowStart: window.anchor.toISOString(),
          windowEnd: new Date(window.anchor.getTime() + rule.dedupWindowMinutes * 60_000).toISOString(),
        },
        at: at(),
      });
      if (created) outcome.opened += 1;
      else outcome.updated += 1;
    }
  }
  return outcome;
}
