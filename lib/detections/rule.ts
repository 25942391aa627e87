import type { Severity } from "@/lib/alerts/schemas";
import type { EventIndex } from "@/lib/logtypes/types";

/**
 * Detection rules: code over normalized events, shipped in packs. A rule says whether one
 * event matches (stateless rules look only at the event; stateful ones ask the context a
 * few indexed questions about the source's other events), who a match is about, and how
 * long later matches keep updating the same alert. Its test
 * fixtures live next to it as data, so every rule carries its own proof.
 *
 * Isomorphic and free of database code: the catalog (and with it the source pages)
 * imports the packs, while the runner supplies the SQL-backed context.
 */

/** A stored event as a rule sees it: the indexed columns (lib/logtypes EventIndex, less the dedup key) plus the full normalized record. */
export type DetectionEvent = Omit<EventIndex, "auditId"> & {
  id: bigint;
  sourceId: string;
  eventTime: Date;
  /** The normalized record (for Rapid7.AuditLog: Panther's shape plus the p_ fields). */
  record: Record<string, unknown>;
};

/**
 * Who acted, in the form the event store can look up: emails and usernames are indexed
 * columns; an API key id is read from the record (fine over minutes, slow over days).
 */
export type Person = { kind: "email" | "username" | "apiKey"; value: string };

/** Events by `person` on the source with event time in [until - withinMinutes, until], optionally of one result. */
export type RecentQuery = { sourceId: string; person: Person; result?: string; withinMinutes: number; until: Date };

/** Whether `person` has any event on the source with event time in [beforeEventTime - days, beforeEventTime). */
export type SeenQuery = { sourceId: string; person: Person; beforeEventTime: Date; days: number };

/**
 * The lookups stateful rules may make. Each is one indexed query over the events table
 * (see sql-context.ts); fixtures run against an in-memory twin with the same semantics.
 */
export interface DetectionContext {
  countRecent(query: RecentQuery): Promise<number>;
  /** The ids counted by countRecent, newest first, at most `limit` (default 100). */
  recentEventIds(query: RecentQuery & { limit?: number }): Promise<bigint[]>;
  seenBefore(query: SeenQuery): Promise<boolean>;
  /** Event time of the source's oldest stored event (null when it has none): how far back "never seen" can be trusted. */
  historyStart(sourceId: string): Promise<Date | null>;
}

/** A raw record as the source sends it (for Rapid7: the parsed `message`), normalized by the fixture runner. */
export type RawRecord = Record<string, unknown>;

/**
 * One fixture: `event` is evaluated with `context.events` stored on the same source
 * before it (what the lookups see), and must match exactly when `expect` is true.
 */
export type RuleFixture = { name: string; event: RawRecord; context?: { events: RawRecord[] }; expect: boolean };

export type DetectionRule = {
  /** Stable: alerts, dedup keys and the runner's bookkeeping refer to it. */
  id: string;
  title: string;
  severity: Severity;
  /** What a match means and what to check; shown on the alert. */
  description: string;
  logTypes: readonly string[];
  /** Matches on one source whose event times fall within this many minutes of the alert's first match update that alert; later ones open a new alert. */
  dedupWindowMinutes: number;
  /**
   * Who or what a match is about, e.g. the actor: listed on the alert and in its title
   * ("<title>: <subject>"). It does not split alerts: one rule has one alert per source
   * and dedup window, whatever the events say (see raise-matches.ts).
   */
  subject(event: DetectionEvent): string;
  matches(event: DetectionEvent, context: DetectionContext): boolean | Promise<boolean>;
  /** Other events to link to the alert with a match (e.g. the earlier failures of a burst). */
  evidence?(event: DetectionEvent, context: DetectionContext): Promise<bigint[]>;
  tests: readonly RuleFixture[];
};

export type DetectionPack = {
  id: string;
  name: string;
  description: string;
  logTypes: readonly string[];
  rules: readonly DetectionRule[];
};

const RULE_ID = /^[a-z0-9]+(\.[a-z0-9_]+)+$/;

/** Checks what the type system cannot, at import time, so a malformed rule never ships. */
export function defineRule(rule: DetectionRule): DetectionRule {
  if (!RULE_ID.test(rule.id))
    throw new Error(`Detection rule id "${rule.id}" must look like "product.what_it_detects".`);
  if (!Number.isInteger(rule.dedupWindowMinutes) || rule.dedupWindowMinutes < 1) {
    throw new Error(`Detection rule ${rule.id}: the dedup window must be a whole number of minutes, at least 1.`);
  }
  if (rule.logTypes.length === 0) throw new Error(`Detection rule ${rule.id} must name the log types it reads.`);
  return rule;
}

export function definePack(pack: DetectionPack): DetectionPack {
  const ids = new Set<string>();
  for (const rule of pack.rules) {
    if (ids.has(rule.id)) throw new Error(`Detection pack ${pack.id} lists rule ${rule.id} twice.`);
    ids.add(rule.id);
    const foreign = rule.logTypes.filter((logType) => !pack.logTypes.includes(logType));
    if (foreign.length > 0)
      throw new Error(`Detection rule ${rule.id} reads ${foreign.join(", ")}, which pack ${pack.id} does not cover.`);
  }
  return pack;
}
