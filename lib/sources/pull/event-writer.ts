import { once } from "node:events";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type ClassificationFailure, type NormalizedEvent, storableText } from "@/lib/logtypes";
import { recordBatch } from "../state";
import { copyField, copyRow, copyTextArray } from "./copy-format";

/**
 * Stores one batch of a pull atomically: the normalized events (deduplicated on
 * (source, audit_id)), the records that failed classification (deduplicated on their
 * Rapid7 log position), and the source's checkpoint. They commit together or not at
 * all, so a crash at any instant loses nothing and duplicates nothing: the next pull
 * re-reads from the last committed checkpoint and the duplicates fall away.
 *
 * Events are COPYed straight into the table once the batch is rid of audit_ids already
 * stored (and of repeats within the batch). Should one slip through (another writer
 * stored it in between, or a row was wrongly assumed new), the COPY fails on the unique
 * index, is rolled back to a savepoint, and the batch goes through a temp table and
 * INSERT ... ON CONFLICT DO NOTHING instead: the unique index has the last word.
 */
export type StoredEvent = {
  event: NormalizedEvent;
  receivedAtMs: number;
  logId: string;
  sequence: string;
  raw: string;
  /** When the pull fetched the page holding the event (latency per stage); omitted, it is not recorded. */
  pulledAtMs?: number;
};
/** A batch whose event rows are already rendered for COPY (the pull renders them as it goes). */
export type PreparedBatch = {
  rows: string[];
  auditIds: string[];
  /**
   * Per row: could it already be stored? Only rows Rapid7 received at or before the
   * checkpoint the pull started from can be; the rest skip the lookup (a backfill's
   * batches then cost one COPY). Omitted means every row is checked.
   */
  mayExist?: boolean[];
  newestReceivedAtMs: number | null;
  failures: StoredFailure[];
  checkpointMs: number | null;
};
/**
 * `rawBytes` and `rawSha256`: set when the record was larger than the record limit and
 * `failure.rawPayload` holds only its first bytes; they describe the whole record.
 */
export type StoredFailure = {
  failure: ClassificationFailure;
  logType: string;
  receivedAtMs: number;
  logId: string;
  sequence: string;
  rawBytes?: number;
  rawSha256?: string;
};
export type BatchResult = {
  inserted: number;
  duplicates: number;
  failuresStored: number;
  newestReceivedAtMs: number | null;
};

export const EVENT_COLUMNS =
  "source_id, audit_id, event_time, received_at, action, result, product, description, emails, usernames, log_id, sequence, normalized, raw, pulled_at";

const STAGING_DDL = `
CREATE TEMP TABLE IF NOT EXISTS event_staging (
  source_id uuid, audit_id text, event_time timestamptz, received_at timestamptz, action text, result text, product text,
  description text, emails text[], usernames text[], log_id text, sequence text, normalized json, raw text,
  pulled_at timestamptz
) ON COMMIT DELETE ROWS`;

/** How rendered rows (eventRow) go into the events table; the ingest benchmark uses it too. */
export const COPY_EVENTS = `COPY events (${EVENT_COLUMNS}) FROM STDIN`;
const COPY_STAGING = `COPY event_staging (${EVENT_COLUMNS}) FROM STDIN`;

export async function writeBatch(
  client: pg.PoolClient,
  sourceId: string,
  batch: { events: StoredEvent[]; failures: StoredFailure[]; checkpointMs: number | null },
): Promise<BatchResult> {
  return writePreparedBatch(client, sourceId, {
    rows: batch.events.map((stored) => eventRow(sourceId, stored)),
    auditIds: batch.events.map((stored) => stored.event.index.auditId),
    newestReceivedAtMs: maxReceived(batch.events),
    failures: batch.failures,
    checkpointMs: batch.checkpointMs,
  });
}

/**
 * For a batch written while the one before it is still being written on another
 * connection (ordered-writer.ts): it commits only once `after` (that batch's commit) has
 * resolved, so the checkpoint never passes events that are not stored, and it rolls back
 * if `after` rejects. `lockTimeoutMs` bounds its lock waits: should the earlier batch wait
 * on a row this one holds (the same event in both), neither could finish.
 */
export type CommitOrder = { after: Promise<unknown>; lockTimeoutMs: number };

/** The batch before this one was not committed, so this one was rolled back. */
export class PredecessorRolledBack extends Error {
  constructor() {
    super("the batch before this one was not stored, so this one was rolled back to keep batches in order");
  }
}

/** PostgreSQL's lock_not_available: a lock wait ran past lock_timeout. */
export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "55P03";
}

/**
 * Begins the batch's transaction in one round trip. synchronous_commit off is safe for
 * exactly-once: events and checkpoint share the transaction, so a commit lost to a
 * database crash is lost whole and simply pulled again. The savepoint lets a COPY that
 * hits an already-stored event be undone alone.
 */
const BEGIN_BATCH = "BEGIN; SET LOCAL synchronous_commit = off; SAVEPOINT direct_copy";
/** The same, bounding lock waits; set before the savepoint, which would otherwise undo it. */
const beginOrderedBatch = (lockTimeoutMs: number) =>
  `BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}; SAVEPOINT direct_copy`;

export async function writePreparedBatch(
  client: pg.PoolClient,
  sourceId: string,
  batch: PreparedBatch,
  order?: CommitOrder,
): Promise<BatchResult> {
  await client.query(order ? beginOrderedBatch(order.lockTimeoutMs) : BEGIN_BATCH);
  try {
    const inserted = batch.rows.length > 0 ? await storeEvents(client, sourceId, batch) : 0;
    const failuresStored = await storeFailures(client, sourceId, batch.failures);
    if (order) await order.after.catch(() => Promise.reject(new PredecessorRolledBack()));
    const { newestReceivedAtMs } = batch;
    await recordBatch(client, sourceId, { checkpointMs: batch.checkpointMs, inserted, newestReceivedAtMs });
    await client.query("COMMIT");
    return { inserted, duplicates: batch.rows.length - inserted, failuresStored, newestReceivedAtMs };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

async function storeEvents(client: pg.PoolClient, sourceId: string, batch: PreparedBatch): Promise<number> {
  const candidates = batch.mayExist ? batch.auditIds.filter((_, index) => batch.mayExist![index]) : batch.auditIds;
  const { rows: existing } = candidates.length
    ? await client.query<{ audit_id: string }>(
        "SELECT audit_id FROM events WHERE source_id = $1 AND audit_id = ANY($2::text[])",
        [sourceId, candidates],
      )
    : { rows: [] };
  const seen = new Set(existing.map((row) => row.audit_id));
  const fresh: string[] = [];
  batch.auditIds.forEach((auditId, index) => {
    if (seen.has(auditId)) return;
    seen.add(auditId);
    fresh.push(batch.rows[index]!);
  });
  if (fresh.length === 0) return 0;
  try {
    await copyRows(client, COPY_EVENTS, fresh);
    return fresh.length;
  } catch (error) {
    if ((error as { code?: string }).code !== "23505") throw error;
    await client.query("ROLLBACK TO SAVEPOINT direct_copy");
  }
  await client.query(STAGING_DDL);
  await copyRows(client, COPY_STAGING, fresh);
  const result = await client.query<{ n: string }>(
    `WITH stored AS (
       INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM event_staging
       ON CONFLICT (source_id, audit_id) DO NOTHING
       RETURNING 1
     ) SELECT count(*) AS n FROM stored`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

export function eventRow(
  sourceId: string,
  { event, receivedAtMs, logId, sequence, raw, pulledAtMs }: StoredEvent,
): string {
  const index = event.index;
  return copyRow([
    copyField(sourceId),
    copyField(index.auditId),
    copyField(event.eventTime.toISOString()),
    copyField(new Date(receivedAtMs).toISOString()),
    copyField(index.action),
    copyField(index.result),
    copyField(index.product),
    copyField(index.description),
    copyTextArray(index.emails),
    copyTextArray(index.usernames),
    copyField(logId),
    copyField(sequence),
    copyField(JSON.stringify(event.record)),
    copyField(raw),
    copyField(pulledAtMs === undefined ? null : new Date(pulledAtMs).toISOString()),
  ]);
}

/** Streams rows in slices: a batch's text is never held twice as one big string and its buffer copy. */
async function copyRows(client: pg.PoolClient, statement: string, rows: string[]): Promise<void> {
  const stream = client.query(copyFrom(statement));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
    stream.on("finish", () => resolve());
  });
  const SLICE = 250;
  for (let start = 0; start < rows.length; start += SLICE) {
    // once() rejects on "error" and removes its listeners either way (a batch waits for many drains).
    if (!stream.write(rows.slice(start, start + SLICE).join(""))) await once(stream, "drain");
  }
  stream.end();
  await done;
}

async function storeFailures(client: pg.PoolClient, sourceId: string, batchFailures: StoredFailure[]): Promise<number> {
  if (batchFailures.length === 0) return 0;
  // One row per Rapid7 position: ON CONFLICT DO UPDATE refuses to touch a row twice in one statement.
  const failures = [...new Map(batchFailures.map((f) => [`${f.logId}\u0000${f.sequence}`, f])).values()];
  const result = await client.query(
    `INSERT INTO classification_failures (source_id, log_type, code, reason, field, expected, raw, log_id, sequence, received_at, raw_bytes, raw_sha256)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::int[], $12::text[])
     ON CONFLICT (source_id, log_id, sequence) DO UPDATE SET last_tried_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [
      sourceId,
      failures.map((f) => f.logType),
      failures.map((f) => f.failure.code),
      failures.map((f) => storableText(f.failure.reason)),
      failures.map((f) => (f.failure.field === undefined ? null : storableText(f.failure.field))),
      failures.map((f) => f.failure.expected ?? null),
      // A message that is not JSON may hold NUL characters, which text cannot; they are stored as U+FFFD.
      failures.map((f) => storableText(f.failure.rawPayload)),
      failures.map((f) => f.logId),
      failures.map((f) => f.sequence),
      failures.map((f) => new Date(f.receivedAtMs).toISOString()),
      failures.map((f) => f.rawBytes ?? null),
      failures.map((f) => f.rawSha256 ?? null),
    ],
  );
  return result.rows.filter((row: { inserted: boolean }) => row.inserted).length;
}

function maxReceived(events: StoredEvent[]): number | null {
  let newest: number | null = null;
  for (const stored of events) if (newest === null || stored.receivedAtMs > newest) newest = stored.receivedAtMs;
  return newest;
}
