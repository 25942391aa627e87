import { RECORD_PREVIEW_CHARS, splitStandardFields, type TextPreview } from "./display";
import type { EventDetail } from "./search";

/**
 * What the event drawer gets of a stored event: everything small whole, and the record
 * itself (its normalized fields and the raw message) as previews. The drawer offers the
 * whole raw record as a download (app/api/events/[id]/raw).
 */
export type EventView = Omit<EventDetail, "normalized" | "raw"> & {
  standard: [string, unknown][];
  fields: TextPreview;
  raw: TextPreview;
};

/** The first `maxChars` characters of the text, never ending inside a surrogate pair. */
function previewText(text: string, maxChars = RECORD_PREVIEW_CHARS): TextPreview {
  const bytes = Buffer.byteLength(text, "utf8");
  if (text.length <= maxChars) return { text, cut: false, bytes };
  const lastCode = text.charCodeAt(maxChars - 1);
  const end = lastCode >= 0xd800 && lastCode <= 0xdbff ? maxChars - 1 : maxChars;
  return { text: text.slice(0, end), cut: true, bytes };
}

export function eventView(detail: EventDetail): EventView {
  const { normalized, raw, ...rest } = detail;
  const { standard, fields } = splitStandardFields(normalized);
  return { ...rest, standard, fields: previewText(JSON.stringify(fields, null, 2)), raw: previewText(raw) };
}
