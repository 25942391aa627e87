import type pg from "pg";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Where detection is in a source's events: detection_cursors.last_event_id, the largest
 * event id already evaluated. Event ids come from one sequence, so "id greater than the
 * cursor" is "not yet evaluated" as long as one transaction at a time writes a source's
 * events. Both writers hold the source's pull lock (advisory lock "intake:pull:<id>")
 * while they write: pulls (lib/sources/pull/pull.ts) and re-processing of classification
 * failures (lib/failures/service.ts). A new writer of events must take that lock too: one
 * that committed lower ids after higher ones were evaluated would have its events skipped.
 */
type PrismaLike = Prisma.TransactionClient | PrismaClient;

/**
 * Sets where a source's detection starts. fromStart: at 0, every stored event will be
 * evaluated (a new source created with packs: its first pull is what the packs are for).
 * Otherwise at the source's newest event, so only events ingested from now on are
 * evaluated (packs turned on for a source that was running without them; evaluating its
 * whole history would flood the alert list with the past).
 *
 * Call it in the transaction that stores the change, and only when the source goes from
 * no packs to some: while packs stay on, the cursor must stay where it is, or events
 * not yet evaluated would be skipped.
 */
export async function initDetectionCursor(
  client: PrismaLike,
  sourceId: string,
  options: { fromStart: boolean },
): Promise<void> {
  await client.$executeRaw`
    INSERT INTO detection_cursors (source_id, last_event_id, updated_at)
    VALUES (
      ${sourceId}::uuid,
      CASE WHEN ${options.fromStart} THEN 0 ELSE COALESCE((SELECT max(id) FROM events WHERE source_id = ${sourceId}::uuid), 0) END,
      now()
    )
    ON CONFLICT (source_id) DO UPDATE SET last_event_id = EXCLUDED.last_event_id, updated_at = now()`;
}

type Queryable = Pick<pg.PoolClient, "query">;

/** The cursor, or null when the source has none (packs enabled by hand, or before the wiring existed). */
export async function readCursor(client: Queryable, sourceId: string): Promise<bigint | null> {
  const { rows } = await client.query<{ last_event_id: string }>(
    "SELECT last_event_id::text FROM detection_cursors WHERE source_id = $1",
    [sourceId],
  );
  const row = rows[0];
  return row ? BigInt(row.last_event_id) : null;
}

/** Starts a missing cursor at the newest event (the cautious choice) and returns it. */
export async function startCursorAtNewest(client: Queryable, sourceId: string): Promise<bigint> {
  const { rows } = await client.query<{ last_event_id: string }>(
    `INSERT INTO detection_cursors (source_id, last_event_id, updated_at)
     VALUES ($1, COALESCE((SELECT max(id) FROM events WHERE source_id = $1), 0), now())
     ON CONFLICT (source_id) DO UPDATE SET updated_at = detection_cursors.updated_at
     RETURNING last_event_id::text`,
    [sourceId],
  );
  return BigInt(rows[0]?.last_event_id ?? "0");
}

/** Moves the cursor forward (never back: a concurrent re-initialisation to a later point wins). */
export async function advanceCursor(client: Queryable, sourceId: string, lastEventId: bigint): Promise<void> {
  await client.query(
    "UPDATE detection_cursors SET last_event_id = GREATEST(last_event_id, $2::bigint), updated_at = now() WHERE source_id = $1",
    [sourceId, lastEventId.toString()],
  );
}
