import { pool } from "@/lib/db";
import type { EventIndex } from "@/lib/logtypes/types";
import { parseInput } from "@/lib/validation";
import { buildEventQuery } from "./query";
import {
  type RawSearchParams,
  type SearchFilters,
  encodeCursor,
  eventIdSchema,
  PAGE_SIZE,
  searchParamsSchema,
} from "./schemas";

/**
 * Search over stored events, newest first, one keyset page at a time. Every signed-in
 * person may search (analysts included): the pages and routes that call this sign them in.
 * A row is the event's indexed columns (lib/logtypes EventIndex, less the dedup key), with
 * `description` cut to DESCRIPTION_PREVIEW characters: the drawer shows the whole record.
 */
export type EventRow = IndexedColumns & {
  id: string;
  eventTime: Date;
  receivedAt: Date;
  sourceId: string;
  sourceName: string | null;
};

export type SearchPage = { filters: SearchFilters; rows: EventRow[]; hasMore: boolean; nextCursor: string | null };

const DESCRIPTION_PREVIEW = 500;

const ROW_COLUMNS = `e.received_at, e.action, e.result, e.product, left(e.description, ${DESCRIPTION_PREVIEW}) AS description, e.emails, e.usernames`;

/** The columns the event store indexes, under the same names in the events table (less the dedup key, audit_id). */
type IndexedColumns = Omit<EventIndex, "auditId">;

type DbRow = IndexedColumns & {
  id: string;
  event_time: Date;
  received_at: Date;
  source_id: string;
  source_name: string | null;
};

/** Parses the URL's filters (ValidationError naming the filter when one is wrong) and reads one page. */
export function parseSearchParams(params: RawSearchParams): SearchFilters {
  return parseInput(searchParamsSchema, params);
}

export async function searchEvents(
  params: RawSearchParams | SearchFilters,
  options: { now?: Date; pageSize?: number } = {},
): Promise<SearchPage> {
  const filters = isFilters(params) ? params : parseSearchParams(params);
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const query = buildEventQuery(filters, {
    columns: ROW_COLUMNS,
    limit: pageSize + 1,
    after: filters.cursor,
    now: options.now ?? new Date(),
  });
  const { rows } = await pool().query<DbRow>(query.text, query.values);
  const hasMore = rows.length > pageSize;
  const page = rows.slice(0, pageSize).map(toEventRow);
  const last = page.at(-1);
  return {
    filters,
    rows: page,
    hasMore,
    nextCursor: hasMore && last ? encodeCursor({ timeMs: last.eventTime.getTime(), id: last.id }) : null,
  };
}

function isFilters(value: RawSearchParams | SearchFilters): value is SearchFilters {
  return Array.isArray((value as SearchFilters).sourceIds);
}

function toEventRow(row: DbRow): EventRow {
  return {
    id: row.id,
    eventTime: row.event_time,
    receivedAt: row.received_at,
    action: row.action,
    result: row.result,
    product: row.product,
    description: row.description,
    emails: row.emails,
    usernames: row.usernames,
    sourceId: row.source_id,
    sourceName: row.source_name,
  };
}

export type EventDetail = EventRow & {
  auditId: string;
  storedAt: Date;
  logId: string | null;
  sequence: string | null;
  /** The whole record, keys in the order of the raw message. */
  normalized: Record<string, unknown>;
  raw: string;
};

/** One event in full, or null when it does not exist (any more: retention may have removed it). */
export async function getEvent(id: string): Promise<EventDetail | null> {
  const eventId = parseInput(eventIdSchema, id);
  const { rows } = await pool().query<
    DbRow & {
      audit_id: string;
      stored_at: Date;
      log_id: string | null;
      sequence: string | null;
      normalized: Record<string, unknown>;
      raw: string;
    }
  >(
    `SELECT e.id, e.event_time, e.stored_at, e.audit_id, ${ROW_COLUMNS},
            e.log_id, e.sequence, e.normalized, e.raw, e.source_id, ls.name AS source_name
     FROM events e LEFT JOIN log_sources ls ON ls.id = e.source_id
     WHERE e.id = $1::bigint`,
    [eventId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ...toEventRow(row),
    auditId: row.audit_id,
    storedAt: row.stored_at,
    logId: row.log_id,
    sequence: row.sequence,
    normalized: orderLike(row.normalized, parseJson(row.raw)) as Record<string, unknown>,
    raw: row.raw,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The stored record lists fields as the normalizer wrote them (rows stored while the
 * column was jsonb: sorted by key length); put them back in the order of the raw
 * message so the two read side by side. Keys the raw message does
 * not have (the p_ fields) keep their place after it.
 */
function orderLike(value: unknown, template: unknown): unknown {
  if (!isObject(value))
    return Array.isArray(value) && Array.isArray(template)
      ? value.map((item, i) => orderLike(item, template[i]))
      : value;
  const reference = isObject(template) ? Object.keys(template) : [];
  const keys = [
    ...reference.filter((key) => key in value),
    ...Object.keys(value).filter((key) => !reference.includes(key)),
  ];
  return Object.fromEntries(
    keys.map((key) => [key, orderLike(value[key], isObject(template) ? template[key] : undefined)]),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
