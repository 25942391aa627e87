import { cutUtf8, fitsUtf8 } from "@/lib/text/utf8";

/**
 * Limits on the values that go into the event store's indexed columns. PostgreSQL refuses
 * a btree (or GIN) index entry larger than about a third of a page (2,704 bytes), and a
 * refused row fails its whole batch, on every retry. The normalized record and the raw
 * message keep every value whole; only the index columns are bounded.
 */

/** Bytes (UTF-8) an indexed text value may take: well under the 2,704-byte entry limit even in a composite index. */
export const MAX_INDEXED_BYTES = 1024;

const ELLIPSIS = "…";
const ELLIPSIS_BYTES = 3;

/**
 * The dedup key is never shortened: two different long ids cut to the same prefix would
 * make the second event look like a repeat of the first and drop it. A record whose id
 * is longer than MAX_INDEXED_BYTES becomes a classification failure instead.
 */
export function auditIdFits(auditId: string): boolean {
  return fitsUtf8(auditId, MAX_INDEXED_BYTES);
}

/**
 * The value as an index column may hold it: unchanged when it fits, otherwise cut at a
 * character boundary and ended with "…" so a person reading the column sees it is cut.
 */
export function boundIndexed(text: string): string {
  return fitsUtf8(text, MAX_INDEXED_BYTES) ? text : cutUtf8(text, MAX_INDEXED_BYTES - ELLIPSIS_BYTES) + ELLIPSIS;
}

/** Bounded copies of an indicator list, still sorted and without repeats (two long values may share a prefix). */
export function boundIndexedList(values: readonly string[]): string[] {
  let changed = false;
  const bounded = values.map((value) => {
    const cut = boundIndexed(value);
    if (cut !== value) changed = true;
    return cut;
  });
  return changed ? [...new Set(bounded)].sort() : bounded;
}
