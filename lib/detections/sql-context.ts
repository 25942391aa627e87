import type pg from "pg";
import type { DetectionContext, Person, RecentQuery, SeenQuery } from "./rule";

/**
 * The detection context over the events table. Each lookup is one query that the
 * existing indexes answer (see the EXPLAIN notes per query); results are memoized for
 * the run, since a batch asks the same question for many events of one actor.
 *
 * Errors are wrapped in DetectionLookupError so the runner can tell a database failure
 * (retry the batch later) from a bug in a rule (skip that rule for that event).
 */
export class DetectionLookupError extends Error {
  constructor(cause: unknown) {
    super(`A detection lookup failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "DetectionLookupError";
  }
}

type Queryable = Pick<pg.Pool, "query">;

/** The person filter; $n is the parameter holding the person's value. */
function personClause(person: Person, n: number): string {
  if (person.kind === "email") return `emails @> ARRAY[$${n}::text]`;
  if (person.kind === "username") return `usernames @> ARRAY[$${n}::text]`;
  // Not indexed; only ever applied to the few rows of a short time range.
  return `normalized #>> '{service_info,event,initiatorIdentification,apiKeyId}' = $${n}`;
}

/**
 * Events of one actor in a time range. An index scan of (source_id, event_time, id)
 * bounds the rows to the range (minutes, for bursts: well under 1 ms on 300k events);
 * the person and the result are filters on those few rows.
 */
function recentSql(query: RecentQuery, select: string, tail = ""): { text: string; values: unknown[] } {
  const values: unknown[] = [
    query.sourceId,
    new Date(query.until.getTime() - query.withinMinutes * 60_000),
    query.until,
    query.person.value,
  ];
  let text = `SELECT ${select} FROM events WHERE source_id = $1::uuid AND event_time >= $2 AND event_time <= $3 AND ${personClause(query.person, 4)}`;
  if (query.result !== undefined) {
    values.push(query.result.toUpperCase());
    text += ` AND upper(result) = $${values.length}`;
  }
  return { text: text + tail, values };
}

export function sqlDetectionContext(client: Queryable): DetectionContext {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let pending = memo.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = load().catch((error: unknown) => {
        memo.delete(key);
        throw new DetectionLookupError(error);
      });
      memo.set(key, pending);
    }
    return pending;
  };
  const keyOf = (name: string, value: object) => `${name}:${JSON.stringify(value)}`;

  return {
    countRecent(query) {
      return once(keyOf("count", query), async () => {
        const sql = recentSql(query, "count(*)::int AS n");
        const { rows } = await client.query<{ n: number }>(sql.text, sql.values);
        return rows[0]?.n ?? 0;
      });
    },
    recentEventIds(query) {
      const limit = query.limit ?? 100;
      return once(keyOf("ids", { ...query, limit }), async () => {
        // Aliased: ordering by "id" would otherwise sort the text column.
        const sql = recentSql(
          query,
          "id::text AS event_id",
          ` ORDER BY event_time DESC, id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
        );
        const { rows } = await client.query<{ event_id: string }>(sql.text, sql.values);
        return rows.map((row) => BigInt(row.event_id));
      });
    },
    seenBefore(query: SeenQuery) {
      return once(keyOf("seen", query), async () => {
        const from = new Date(query.beforeEventTime.getTime() - query.days * 24 * 3600_000);
        // The GIN index on emails/usernames finds the person's events and a btree the
        // range, ANDed as bitmaps: ~3 ms for a never-seen person, ~25 ms for a busy one,
        // on 300k events. A plain EXISTS lets the planner bet on finding a row early in a
        // sequential scan, which is exactly wrong for the never-seen person this rule is
        // about (150+ ms, the whole table); the materialized CTE takes that bet away.
        const { rows } = await client.query<{ seen: boolean }>(
          `WITH hits AS MATERIALIZED (
             SELECT id FROM events WHERE source_id = $1::uuid AND ${personClause(query.person, 4)} AND event_time >= $2 AND event_time < $3
           )
           SELECT EXISTS (SELECT 1 FROM hits) AS seen`,
          [query.sourceId, from, query.beforeEventTime, query.person.value],
        );
        return rows[0]?.seen ?? false;
      });
    },
    historyStart(sourceId) {
      return once(keyOf("history", { sourceId }), async () => {
        // One index-only probe: the source's first entry in (source_id, event_time, id).
        const { rows } = await client.query<{ oldest: Date | null }>(
          "SELECT min(event_time) AS oldest FROM events WHERE source_id = $1::uuid",
          [sourceId],
        );
        return rows[0]?.oldest ?? null;
      });
    },
  };
}
