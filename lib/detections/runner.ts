import type pg from "pg";
import { pool } from "@/lib/db";
import { type Logger, logger } from "@/lib/logger";
import { advanceCursor, readCursor, startCursorAtNewest } from "./cursor";
import { readEventBatch } from "./event-batch";
import { type EnabledRule, enabledRules } from "./packs";
import { linkedForRules, raiseMatches, type RuleMatch } from "./raise-matches";
import type { DetectionContext, DetectionPack } from "./rule";
import { DetectionLookupError, sqlDetectionContext } from "./sql-context";

/**
 * Runs a source's enabled detection rules over the events it stored since the cursor,
 * batch by batch in id order: evaluate, raise or update alerts, then advance the cursor.
 *
 * Exactly-once in effect, without one transaction around it all (raiseAlert commits on
 * its own):
 * - one runner per source at a time, by a session advisory lock. A second returns at
 *   once: the one running reads until nothing is left, so it picks up what was stored
 *   meanwhile, and anything stored after its last read waits for the next run (the
 *   minute's sweep at the latest);
 * - an event already linked to an alert of a rule is not evaluated for that rule again,
 *   so a crash between raising and advancing the cursor, which replays the batch, neither
 *   re-counts events nor opens a second alert;
 * - dedup windows are anchored on event time, so a replay groups events as the first run
 *   did.
 */
export type DetectionRunResult = {
  evaluated: number;
  matches: number;
  alertsOpened: number;
  alertsUpdated: number;
  /** Rule evaluations that threw (logged; the event counts as not matching that rule). */
  ruleErrors: number;
  /** Why nothing ran, when nothing did because of a concurrent run. */
  skipped?: string;
};

export type DetectionRunOptions = {
  /** When the alerts were seen (first/last seen, activity times); defaults to the clock at each raise. */
  now?: Date;
  batchSize?: number;
  /** Stops between batches (the cursor is then where the last finished batch left it). */
  signal?: AbortSignal;
  log?: Logger;
  /**
   * Where a source's pack ids are looked up; the packs this version ships by default.
   * Tests pass fixture packs here to put rules with faults through the real runner.
   */
  packs?: readonly DetectionPack[];
};

const DEFAULT_BATCH_SIZE = 500;

const empty = (): DetectionRunResult => ({
  evaluated: 0,
  matches: 0,
  alertsOpened: 0,
  alertsUpdated: 0,
  ruleErrors: 0,
});

const lockName = (sourceId: string) => `intake:detections:${sourceId}`;

export async function runDetections(sourceId: string, options: DetectionRunOptions = {}): Promise<DetectionRunResult> {
  const client = await pool().connect();
  // A connection whose unlock failed may still hold the lock: it is closed, not pooled.
  let unlocked = true;
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
      [lockName(sourceId)],
    );
    if (!rows[0]?.locked) return { ...empty(), skipped: "another detection run for this source is in progress" };
    unlocked = false;
    try {
      return await runLocked(client, sourceId, options);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockName(sourceId)]).then(
        () => (unlocked = true),
        () => undefined,
      );
    }
  } finally {
    client.release(!unlocked);
  }
}

type SourceRow = { log_type: string; detection_packs: string[]; deleted_at: Date | null };

async function runLocked(
  client: pg.PoolClient,
  sourceId: string,
  options: DetectionRunOptions,
): Promise<DetectionRunResult> {
  const log = (options.log ?? logger).child({ sourceId });
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const result = empty();

  const { rows } = await client.query<SourceRow>(
    "SELECT log_type, detection_packs, deleted_at FROM log_sources WHERE id = $1",
    [sourceId],
  );
  const source = rows[0];
  if (!source || source.deleted_at) return result;
  const rules = enabledRules(source.detection_packs, source.log_type, options.packs);
  if (rules.length === 0) return result;

  let cursor = await readCursor(client, sourceId);
  if (cursor === null) {
    log.warn("detection cursor missing; starting at the newest event", {});
    cursor = await startCursorAtNewest(client, sourceId);
  }
  const at = () => options.now ?? new Date();

  while (!options.signal?.aborted) {
    const events = await readEventBatch(client, sourceId, cursor, batchSize);
    const last = events.at(-1);
    if (!last) break;
    // A fresh context per batch keeps its memo from growing over a long backlog.
    const context = sqlDetectionContext(client);
    const done = await linkedForRules(
      client,
      events.map((event) => event.id),
      rules.map(({ rule }) => rule.id),
    );
    const matches: RuleMatch[] = [];
    for (const event of events) {
      for (const enabled of rules) {
        if (done.has(`${enabled.rule.id}:${event.id}`)) continue;
        const match = await evaluate(enabled, event, context, log, result);
        if (match) matches.push(match);
      }
    }
    const raised = await raiseMatches(client, sourceId, matches, at);
    await advanceCursor(client, sourceId, last.id);
    cursor = last.id;
    result.evaluated += events.length;
    result.matches += matches.length;
    result.alertsOpened += raised.opened;
    result.alertsUpdated += raised.updated;
    // No early exit on a short batch: reading until nothing is left picks up events a
    // pull stored meanwhile, whose own run request found this one holding the lock.
  }
  if (result.matches > 0 || result.ruleErrors > 0) log.info("detections run", { ...result });
  return result;
}

/**
 * One rule on one event. A lookup failure is the database's (the batch is retried on the
 * next run); anything else is a bug in the rule, which must not hold up the source's
 * other rules or its cursor forever: logged, counted, treated as no match.
 */
async function evaluate(
  { pack, rule }: EnabledRule,
  event: RuleMatch["event"],
  context: DetectionContext,
  log: Logger,
  result: DetectionRunResult,
): Promise<RuleMatch | null> {
  try {
    if (!(await rule.matches(event, context))) return null;
    const evidence = rule.evidence ? await rule.evidence(event, context) : [];
    return { pack, rule, subject: rule.subject(event), event, evidence };
  } catch (error) {
    if (error instanceof DetectionLookupError) throw error;
    result.ruleErrors += 1;
    log.error("detection rule failed on an event", { ruleId: rule.id, eventId: event.id.toString(), error });
    return null;
  }
}

export type DetectionSweepResult = DetectionRunResult & { sources: number; failedSources: string[] };

/** Every source with packs enabled, one after another; a failing source is logged and the others still run. */
export async function runAllDetections(options: DetectionRunOptions = {}): Promise<DetectionSweepResult> {
  const log = options.log ?? logger;
  const { rows } = await pool().query<{ id: string }>(
    "SELECT id FROM log_sources WHERE deleted_at IS NULL AND cardinality(detection_packs) > 0 ORDER BY created_at, id",
  );
  const sweep: DetectionSweepResult = { ...empty(), sources: rows.length, failedSources: [] };
  for (const { id } of rows) {
    if (options.signal?.aborted) break;
    try {
      const one = await runDetections(id, options);
      sweep.evaluated += one.evaluated;
      sweep.matches += one.matches;
      sweep.alertsOpened += one.alertsOpened;
      sweep.alertsUpdated += one.alertsUpdated;
      sweep.ruleErrors += one.ruleErrors;
    } catch (error) {
      sweep.failedSources.push(id);
      log.error("detection run failed", { sourceId: id, error });
    }
  }
  return sweep;
}
