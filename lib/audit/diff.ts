/**
 * The before/after of an audited change, reduced to the fields that changed, with
 * secrets never written: a changed secret shows as "[changed]", an unchanged one is left out.
 */
const SECRET_FIELD = /pass(word)?|secret|token|api[-_]?key|encrypted|credential|url/i;
const SECRET_CHANGED = "[changed]";
const SECRET_SET = "[set]";

export type AuditDiff = { before: Record<string, unknown> | null; after: Record<string, unknown> | null };

export function auditDiff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): AuditDiff {
  if (!before || !after) {
    return { before: before ? redactAll(before) : null, after: after ? redactAll(after) : null };
  }
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key])) continue;
    if (SECRET_FIELD.test(key)) {
      changedBefore[key] = SECRET_CHANGED;
      changedAfter[key] = SECRET_CHANGED;
      continue;
    }
    changedBefore[key] = normalize(before[key]);
    changedAfter[key] = normalize(after[key]);
  }
  return { before: changedBefore, after: changedAfter };
}

function redactAll(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record))
    out[key] = SECRET_FIELD.test(key) ? (value == null ? null : SECRET_SET) : normalize(value);
  return out;
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value === undefined ? null : value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}
