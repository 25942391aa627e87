import type pg from "pg";
import type { EventIndex } from "@/lib/logtypes/types";
import type { DetectionEvent } from "./rule";

/**
 * The next events of a source after the cursor, in id order (the order they were
 * stored), with everything rules read.
 */
type Queryable = Pick<pg.PoolClient, "query">;

/** The indexed columns keep their names in the events table (lib/logtypes EventIndex; the dedup key is not read). */
type Row = Omit<EventIndex, "auditId"> & { event_id: string; event_time: Date; normalized: unknown };

export async function readEventBatch(
  client: Queryable,
  sourceId: string,
  afterId: bigint,
  limit: number,
): Promise<DetectionEvent[]> {
  const { rows } = await client.query<Row>(
    // Aliased: "ORDER BY id" would otherwise sort by the text column, "10" before "9".
    `SELECT id::text AS event_id, event_time, action, result, product, description, emails, usernames, normalized
     FROM events WHERE source_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3`,
    [sourceId, afterId.toString(), limit],
  );
  return rows.map((row) => ({
    id: BigInt(row.event_id),
    sourceId,
    eventTime: row.event_time,
    action: row.action,
    result: row.result,
    product: row.product,
    description: row.description,
    emails: row.emails ?? [],
    usernames: row.usernames ?? [],
    record:
      row.normalized !== null && typeof row.normalized === "object" && !Array.isArray(row.normalized)
        ? (row.normalized as Record<string, unknown>)
        : {},
  }));
}
