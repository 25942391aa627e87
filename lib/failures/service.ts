import { z } from "zod";
import { pool } from "@/lib/db";
import { encodeCursor, decodeCursor } from "@/lib/events/schemas";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { RawDownload } from "@/lib/events/raw-download";
import { type StoredEvent, writeBatch } from "@/lib/sources/pull/event-writer";
import { detectionsRunJob } from "@/lib/queue/detections-run";
import { enqueue } from "@/lib/queue/enqueue";
import { type ClassificationFailure, type FailureCode, findLogType, normalizeRaw } from "@/lib/logtypes";
import { sourceIdSchema } from "@/lib/sources/schemas";
import { parseInput } from "@/lib/validation";

/**
 * Records that did not fit their schema (the dead-letter queue of a source): listed for
 * people to inspect, and re-run through the current normalizer once a schema or parser
 * fix has shipped.
 */
export type FailureRow = {
  id: string;
  logType: string;
  code: string;
  reason: string;
  field: string | null;
  expected: string | null;
  /** The stored record, or its first FAILURE_PREVIEW_CHARS characters (`rawCut`); the whole of it is a download. */
  raw: string;
  rawCut: boolean;
  /** Size of what is stored. */
  rawStoredBytes: number;
  /** Set when the record was over the record limit and only its start is stored: the whole record's size and SHA-256. */
  rawOriginal: { bytes: number; sha256: string } | null;
  logId: string;
  sequence: string;
  receivedAt: Date | null;
  createdAt: Date;
  lastTriedAt: Date;
};

export type FailurePage = { rows: FailureRow[]; nextCursor: string | null };

export const FAILURES_PAGE_SIZE = 50;
/** What the Failures tab shows of each record: 50 whole records of up to the record limit would weigh megabytes. */
export const FAILURE_PREVIEW_CHARS = 4 * 1024;

type DbFailure = {
  id: string;
  log_type: string;
  code: string;
  reason: string;
  field: string | null;
  expected: string | null;
  raw: string;
  raw_bytes: number | null;
  log_id: string;
  sequence: string;
  received_at: Date | null;
  created_at: Date;
  last_tried_at: Date;
};

type DbFailureListed = Omit<DbFailure, "raw"> & {
  raw_preview: string;
  raw_cut: boolean;
  raw_stored_bytes: number;
  raw_bytes: number | null;
  raw_sha256: string | null;
};

const FAILURE_COLUMNS =
  "id, log_type, code, reason, field, expected, raw, raw_bytes, log_id, sequence, received_at, created_at, last_tried_at";
/** The list reads only the start of each record ($2: how many characters). */
const LISTED_COLUMNS = `id, log_type, code, reason, field, expected, left(raw, $2) AS raw_preview, char_length(raw) > $2 AS raw_cut,
  octet_length(raw) AS raw_stored_bytes, raw_bytes, raw_sha256, log_id, sequence, received_at, created_at, last_tried_at`;

/** Newest first by (created_at, id), keyset-paged on the (source_id, created_at) index. */
export async function listFailures(
  sourceId: string,
  options: { cursor?: string | null; pageSize?: number } = {},
): Promise<FailurePage> {
  const { sourceId: id } = parseInput(sourceIdSchema, { sourceId });
  const pageSize = options.pageSize ?? FAILURES_PAGE_SIZE;
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && !cursor)
    throw new ValidationError("The page position in this link is damaged. Start again from the newest failures.", {
      cursor: "Damaged page position.",
    });
  const values: unknown[] = [id, FAILURE_PREVIEW_CHARS, pageSize + 1];
  let after = "";
  if (cursor) {
    values.push(new Date(cursor.timeMs), cursor.id);
    after = "AND created_at <= $4 AND (created_at, id) < ($4, $5::bigint)";
  }
  const { rows } = await pool().query<DbFailureListed>(
    `SELECT ${LISTED_COLUMNS} FROM classification_failures WHERE source_id = $1 ${after} ORDER BY created_at DESC, id DESC LIMIT $3`,
    values,
  );
  const page = rows.slice(0, pageSize).map(toFailureRow);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor: rows.length > pageSize && last ? encodeCursor({ timeMs: last.createdAt.getTime(), id: last.id }) : null,
  };
}

function toFailureRow(row: DbFailureListed): FailureRow {
  return {
    id: row.id,
    logType: row.log_type,
    code: row.code,
    reason: row.reason,
    field: row.field,
    expected: row.expected,
    raw: row.raw_preview,
    rawCut: row.raw_cut,
    rawStoredBytes: Number(row.raw_stored_bytes),
    rawOriginal:
      row.raw_bytes !== null && row.raw_sha256 !== null ? { bytes: row.raw_bytes, sha256: row.raw_sha256 } : null,
    logId: row.log_id,
    sequence: row.sequence,
    receivedAt: row.received_at,
    createdAt: row.created_at,
    lastTriedAt: row.last_tried_at,
  };
}

export type ReprocessOutcome = { reprocessed: number; stillFailing: number };

const REPROCESS_BATCH = 500;

/**
 * Re-runs the current normalizer on every stored failure of a source. Records that now
 * parse are stored through the ingestion writer (so deduplication on audit_id applies:
 * an event stored meanwhile is not stored twice) and leave the failure list; the rest
 * keep their place with the reason the current normalizer gives. Safe to run again or
 * to interrupt: a record is only removed from the list after its event is committed.
 * Admins only: the action calling it checks that; `id` arrives parsed.
 */
export async function reprocessFailures(
  id: string,
  options: { now?: Date; batchSize?: number } = {},
): Promise<ReprocessOutcome> {
  const batchSize = options.batchSize ?? REPROCESS_BATCH;
  const outcome: ReprocessOutcome = { reprocessed: 0, stillFailing: 0 };
  const { rows: sources } = await pool().query<{ name: string }>("SELECT name FROM log_sources WHERE id = $1", [id]);
  const source = sources[0];
  // A deleted source took its failures with it: nothing to do.
  if (!source) return outcome;

  const client = await pool().connect();
  // The pull's lock: events of one source are written by one writer at a time, so ids
  // grow in the order detection rules read them.
  const lockKey = `intake:pull:${id}`;
  const { rows: lock } = await client.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked",
    [lockKey],
  );
  if (!lock[0]?.locked) {
    client.release();
    throw new ConflictError(
      "A pull of this source is running right now. Re-process once it has finished, in a minute or so.",
    );
  }
  try {
    let afterId = "0";
    for (;;) {
      const { rows } = await client.query<DbFailure>(
        `SELECT ${FAILURE_COLUMNS} FROM classification_failures WHERE source_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3`,
        [id, afterId, batchSize],
      );
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1]!.id;
      const parseTime = options.now ?? new Date();
      const parsed: { failureId: string; stored: StoredEvent }[] = [];
      const failing: { failureId: string; failure: Omit<ClassificationFailure, "rawPayload"> }[] = [];
      for (const row of rows) {
        // Not a record but an entry Rapid7 sent unreadable, or only the start of one too large
        // to keep: no schema change can make either an event.
        if (row.code === "invalid_envelope" || row.raw_bytes !== null) {
          failing.push({
            failureId: row.id,
            failure: {
              code: row.code as FailureCode,
              reason: row.reason,
              field: row.field ?? undefined,
              expected: row.expected ?? undefined,
            },
          });
          continue;
        }
        const logType = findLogType(row.log_type);
        if (!logType) {
          failing.push({
            failureId: row.id,
            failure: { code: "internal", reason: `This version of Intake has no schema for ${row.log_type}.` },
          });
          continue;
        }
        const result = normalizeRaw(logType, row.raw, { sourceId: id, sourceLabel: source.name, parseTime });
        if (result.ok) {
          const receivedAtMs = (row.received_at ?? row.created_at).getTime();
          parsed.push({
            failureId: row.id,
            stored: { event: result.event, raw: row.raw, receivedAtMs, logId: row.log_id, sequence: row.sequence },
          });
        } else {
          failing.push({ failureId: row.id, failure: result.failure });
        }
      }
      if (parsed.length > 0) {
        await writeBatch(client, id, { events: parsed.map((p) => p.stored), failures: [], checkpointMs: null });
        await client.query("DELETE FROM classification_failures WHERE id = ANY($1::bigint[])", [
          parsed.map((p) => p.failureId),
        ]);
      }
      if (failing.length > 0) await recordStillFailing(client, failing, parseTime);
      outcome.reprocessed += parsed.length;
      outcome.stillFailing += failing.length;
      if (rows.length < batchSize) break;
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [lockKey]).catch(() => {});
    client.release();
  }
  if (outcome.reprocessed > 0) {
    await enqueue(detectionsRunJob, { sourceId: id }, { singletonKey: id }).catch(() => {});
  }
  return outcome;
}

async function recordStillFailing(
  client: { query: (text: string, values: unknown[]) => Promise<unknown> },
  failing: { failureId: string; failure: Omit<ClassificationFailure, "rawPayload"> }[],
  triedAt: Date,
): Promise<void> {
  await client.query(
    `UPDATE classification_failures f
     SET code = u.code, reason = u.reason, field = u.field, expected = u.expected, last_tried_at = $6
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(id, code, reason, field, expected)
     WHERE f.id = u.id`,
    [
      failing.map((f) => f.failureId),
      failing.map((f) => f.failure.code),
      failing.map((f) => f.failure.reason),
      failing.map((f) => f.failure.field ?? null),
      failing.map((f) => f.failure.expected ?? null),
      triedAt,
    ],
  );
}

const failureIdSchema = z.string().regex(/^\d{1,19}$/, "The failure in this link does not exist.");

/** What a failure kept of its record, as a file: the whole record, or its start when it was over the record limit. */
export async function failureRawDownload(id: string): Promise<RawDownload> {
  const failureId = parseInput(failureIdSchema, id);
  const { rows } = await pool().query<{ raw: string; raw_bytes: number | null }>(
    "SELECT raw, raw_bytes FROM classification_failures WHERE id = $1::bigint",
    [failureId],
  );
  const row = rows[0];
  if (!row)
    throw new NotFoundError(
      "This classification failure is no longer stored: it was re-processed, or its source was deleted.",
    );
  const part = row.raw_bytes === null ? "raw" : "raw-start";
  return {
    body: row.raw,
    filename: `intake-failure-${failureId}-${part}.txt`,
    contentType: "text/plain; charset=utf-8",
  };
}
