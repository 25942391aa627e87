import type pg from "pg";
import { raiseAlert } from "@/lib/alerts/service";
import { alertDedupKey, alertKeyPrefix, anchorOf, assignWindows } from "./alert-windows";
import type { DetectionEvent, DetectionPack, DetectionRule } from "./rule";

/**
 * Turns one batch's matches into alerts: grouped by (rule, dedup key), split into dedup
 * windows, one raiseAlert per window with the matching events (and their evidence).
 * raiseAlert links each event to an alert at most once and counts only new links, and
 * the runner never hands it events already linked for the rule, so raising again after
 * a crash adds nothing twice.
 */
export type RuleMatch = { pack: DetectionPack; rule: DetectionRule; key: string; event: DetectionEvent; evidence: bigint[] };
export type RaiseOutcome = { opened: number; updated: number };

type Queryable = Pick<pg.PoolClient, "query">;

const TITLE_LIMIT = 500;

/** The event ids already linked to an alert of each rule, as "ruleId:eventId": those events are done for that rule. */
export async function linkedForRules(client: Queryable, eventIds: readonly bigint[], ruleIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0 || ruleIds.length === 0) return new Set();
  const { rows } = await client.query<{ rule_id: string; event_id: string }>(
    `SELECT DISTINCT a.rule_id, ae.event_id::text AS event_id
     FROM alert_events ae JOIN alerts a ON a.id = ae.alert_id
     WHERE ae.event_id = ANY($1::bigint[]) AND a.kind = 'detection' AND a.rule_id = ANY($2::text[])`,
    [eventIds.map(String), ruleIds],
  );
  return new Set(rows.map((row) => `${row.rule_id}:${row.event_id}`));
}

/** The windows a key already has: anchors of this rule's alerts on the source whose dedup key has the prefix. */
async function existingAnchors(client: Queryable, sourceId: string, ruleId: string, prefix: string): Promise<Date[]> {
  const { rows } = await client.query<{ dedup_key: string }>(
    `SELECT DISTINCT dedup_key FROM alerts
     WHERE source_id = $1 AND rule_id = $2 AND kind = 'detection' AND left(dedup_key, length($3)) = $3`,
    [sourceId, ruleId, prefix],
  );
  return rows.flatMap((row) => anchorOf(prefix, row.dedup_key) ?? []);
}

export async function raiseMatches(client: Queryable, sourceId: string, matches: readonly RuleMatch[], at: () => Date): Promise<RaiseOutcome> {
  const groups = new Map<string, RuleMatch[]>();
  for (const match of matches) {
    const id = `${match.rule.id}\u0000${match.key}`;
    const group = groups.get(id);
    if (group) group.push(match);
    else groups.set(id, [match]);
  }

  const outcome: RaiseOutcome = { opened: 0, updated: 0 };
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const { rule, pack, key } = first;
    const prefix = alertKeyPrefix(sourceId, rule.id, key);
    const windows = assignWindows(group, (match) => match.event.eventTime, await existingAnchors(client, sourceId, rule.id, prefix), rule.dedupWindowMinutes);
    for (const window of windows) {
      const ids = new Set<bigint>();
      for (const match of window.matches) {
        ids.add(match.event.id);
        for (const id of match.evidence) ids.add(id);
      }
      const { created } = await raiseAlert({
        kind: "detection",
        severity: rule.severity,
        dedupKey: alertDedupKey(prefix, window.anchor),
        title: `${rule.title}: ${key}`.slice(0, TITLE_LIMIT),
        description: rule.description,
        sourceId,
        ruleId: rule.id,
        eventIds: [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
        context: {
          pack: pack.id,
          rule: rule.id,
          dedupKey: key,
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
