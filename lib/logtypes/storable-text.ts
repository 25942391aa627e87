/**
 * PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate is not Unicode at all
 * (json functions reject its escape; UTF-8 has no encoding for it). Both become U+FFFD,
 * the replacement character, so a record carrying them is stored and searchable instead
 * of failing its whole batch on every retry.
 */
const REPLACEMENT = "\uFFFD";

export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes("\0");
}

export function storableText(text: string): string {
  return isStorableText(text) ? text : text.toWellFormed().replaceAll("\0", REPLACEMENT);
}

/**
 * Raw JSON whose decoded strings are certainly storable: well-formed, and without a
 * \u0000 or surrogate escape (a literal NUL is not valid JSON). A false alarm (an escaped
 * backslash followed by "u0000", or a proper surrogate pair) only costs a walk.
 */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
export function rawJsonIsStorable(raw: string): boolean {
  return raw.isWellFormed() && !SUSPECT_ESCAPE.test(raw);
}

/**
 * The value with every string and key made storable. Copy on write: the same reference
 * comes back when nothing needed repair, and the input is never modified. Depth is
 * bounded by the normalizer's json checks.
 */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const repaired = storableJson(value[i]);
      if (repaired !== value[i]) (copy ??= value.slice())[i] = repaired;
    }
    return copy ?? value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  let changed = false;
  const repairedEntries = entries.map(([key, child]) => {
    const repairedKey = storableText(key);
    const repairedChild = storableJson(child);
    if (repairedKey !== key || repairedChild !== child) changed = true;
    return [repairedKey, repairedChild] as const;
  });
  return changed ? Object.fromEntries(repairedEntries) : value;
}
