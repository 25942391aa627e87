/**
 * Renders values as PostgreSQL COPY ... FROM STDIN (text format) fields: tab-separated,
 * NULL as \N, and only backslash, newline, carriage return and tab escaped. Text format
 * rather than CSV because the events' JSON is full of double quotes that CSV would have
 * to double, while it almost never holds a character text format must escape, so most
 * fields go through untouched (the pull renders a million of these per backfill).
 */
const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPABLE = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export const COPY_NULL = "\\N";

export function copyField(value: string | null | undefined): string {
  if (value === null || value === undefined) return COPY_NULL;
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, (char) => ESCAPES[char]!) : value;
}

/** A text[] field: the array literal ({"a","b"}), itself escaped as a COPY field. */
export function copyTextArray(values: readonly string[]): string {
  const literal = `{${values.map((v) => `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
  return copyField(literal);
}

export function copyRow(fields: string[]): string {
  return `${fields.join("\t")}\n`;
}
