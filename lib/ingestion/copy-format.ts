/**
 * Renders values as PostgreSQL COPY ... (FORMAT csv) fields. A NULL is an empty
 * unquoted field; everything else is quoted, so empty strings stay empty strings.
 */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return `"${value.replaceAll('"', '""')}"`;
}

/** A text[] literal ({"a","b"}) for a CSV field. */
export function csvTextArray(values: readonly string[]): string {
  const literal = `{${values.map((v) => `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`;
  return csvField(literal);
}

export function csvRow(fields: string[]): string {
  return `${fields.join(",")}\n`;
}
