import { type Cursor, type SearchFilters, resolveWindow } from "./schemas";

/**
 * Builds the one query shape Search and export share: the filters, then the keyset
 * position, newest first by (event_time DESC, id DESC), LIMIT n. Never OFFSET, never a
 * count: each page costs the same however deep it is.
 *
 * With sources chosen (and no person or text filter), each source is read through its
 * own (source_id, event_time, id) index range in a LATERAL subquery and the per-source
 * tops are merged, so one small source among millions of events pages as quickly as
 * the whole store.
 */
export type EventQuery = { text: string; values: unknown[] };

/** Extra columns a query returns, as SQL over the alias `e` (events); id, event_time and source_id always come. */
export type Columns = string;

export function buildEventQuery(
  filters: SearchFilters,
  options: { columns: Columns; limit: number; after: Cursor | null; now: Date },
): EventQuery {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };

  const where = filterConditions(filters, options.now, param);
  if (options.after) {
    const time = param(new Date(options.after.timeMs));
    // The plain bound lets indexes that lead with other columns still use the time range.
    where.push(`e.event_time <= ${time}`, `(e.event_time, e.id) < (${time}, ${param(options.after.id)}::bigint)`);
  }

  const limit = param(options.limit);
  const order = "ORDER BY e.event_time DESC, e.id DESC";
  // A person or text filter is answered from its GIN index, which has no order to merge
  // per source; then the sources are a plain filter on the matches.
  const perSource = filters.sourceIds.length > 0 && !filters.person && !filters.text;
  if (!perSource) {
    where.push(...sourceConditions(filters, param));
    const conditions = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return {
      text: `SELECT e.*, ls.name AS source_name
             FROM (SELECT e.id, e.event_time, e.source_id, ${options.columns} FROM events e ${conditions} ${order} LIMIT ${limit}) e
             LEFT JOIN log_sources ls ON ls.id = e.source_id
             ${order}`,
      values,
    };
  }
  const sources = param(filters.sourceIds);
  const conditions = [`e.source_id = s.id`, ...where].join(" AND ");
  return {
    text: `SELECT e.*, ls.name AS source_name
           FROM unnest(${sources}::uuid[]) AS s(id)
           CROSS JOIN LATERAL (SELECT e.id, e.event_time, e.source_id, ${options.columns} FROM events e WHERE ${conditions} ${order} LIMIT ${limit}) e
           LEFT JOIN log_sources ls ON ls.id = e.source_id
           ${order}
           LIMIT ${limit}`,
    values,
  };
}

/**
 * The WHERE conditions for the filters (not the page position), as SQL over the alias `e`,
 * adding their values through `param`. Search pages, exports and the volume histogram all
 * filter through this one function.
 */
export function filterConditions(filters: SearchFilters, now: Date, param: (value: unknown) => string): string[] {
  const where: string[] = [];
  const window = resolveWindow(filters, now);
  if (window.from) where.push(`e.event_time >= ${param(window.from)}`);
  if (window.to) where.push(`e.event_time <= ${param(window.to)}`);
  if (filters.action) where.push(`e.action = ${param(filters.action)}`);
  if (filters.result) where.push(`e.result = ${param(filters.result)}`);
  if (filters.product) where.push(`e.product = ${param(filters.product)}`);
  if (filters.person) {
    // Values are stored as the record has them; also trying the lower-cased form finds
    // "Alice@Example.com" typed for a stored "alice@example.com". && keeps the GIN indexes usable.
    const candidates = param([...new Set([filters.person, filters.person.toLowerCase()])]);
    where.push(`(e.emails && ${candidates}::text[] OR e.usernames && ${candidates}::text[])`);
  }
  if (filters.text) where.push(`e.description ILIKE ${param(`%${escapeLike(filters.text)}%`)}`);
  return where;
}

/** The chosen sources as one plain condition (buildEventQuery reads them per source instead when it can). */
export function sourceConditions(filters: SearchFilters, param: (value: unknown) => string): string[] {
  return filters.sourceIds.length > 0 ? [`e.source_id = ANY(${param(filters.sourceIds)}::uuid[])`] : [];
}

/** ILIKE treats % and _ as wildcards and \ as their escape; a search for "50%" means the text "50%". */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
