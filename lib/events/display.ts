import { P_ANY_FIELDS } from "@/lib/logtypes/standard-fields";

/**
 * Presentation helpers for events that both server and client components use; pure, so
 * importing them never pulls database code into the browser bundle.
 */

/** Who did it, for a table cell: the first email, else the first username. */
export function personOf(row: { emails: readonly string[]; usernames: readonly string[] }): string | null {
  return row.emails[0] ?? row.usernames[0] ?? null;
}

/** Panther's standard fields in the order its docs list them; other p_ fields follow alphabetically. */
const STANDARD_ORDER = [
  "p_log_type",
  "p_event_time",
  "p_parse_time",
  "p_row_id",
  "p_source_id",
  "p_source_label",
  ...P_ANY_FIELDS,
];

/** Splits a normalized record into its standard (p_) fields, in a stable order, and the log type's own fields. */
export function splitStandardFields(record: Record<string, unknown>): {
  standard: [string, unknown][];
  fields: Record<string, unknown>;
} {
  const rank = (key: string) => {
    const index = STANDARD_ORDER.indexOf(key);
    return index === -1 ? STANDARD_ORDER.length : index;
  };
  const standard = Object.entries(record)
    .filter(([key]) => key.startsWith("p_"))
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const fields = Object.fromEntries(Object.entries(record).filter(([key]) => !key.startsWith("p_")));
  return { standard, fields };
}

/** A long text shown in part: its start, whether that is all of it, and the whole text's size. */
export type TextPreview = { text: string; cut: boolean; bytes: number };

/**
 * What a page shows of a stored record at most. A record can be up to the record limit
 * (256 KiB by default), and a page that embedded it whole (twice: shown and copied) would
 * weigh megabytes; the whole record is a download away.
 */
export const RECORD_PREVIEW_CHARS = 16 * 1024;
