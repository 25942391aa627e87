/**
 * Control characters in what people type. PostgreSQL text cannot hold U+0000 (an insert
 * with one fails, and the person would see "something went wrong"), and the other C0
 * controls and DEL have no place in a name or a single line: a form refuses them with a
 * message naming the field instead.
 */
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;
/** Multi-line text keeps its tabs and line breaks. */
const CONTROL_OUTSIDE_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** For a name or another single line. */
export function hasControlCharacters(text: string): boolean {
  return ANY_CONTROL.test(text);
}

/** For text that may span lines (a note, a search for text): tabs and line breaks are fine. */
export function hasNonTextControlCharacters(text: string): boolean {
  return CONTROL_OUTSIDE_TEXT.test(text);
}
