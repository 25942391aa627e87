/** Byte-size helpers for text that goes somewhere with a limit in UTF-8 bytes (an index entry, a stored prefix). */

/** Whether a string's UTF-8 encoding fits in `limit` bytes; short strings are decided without encoding. */
export function fitsUtf8(text: string, limit: number): boolean {
  // A UTF-16 code unit takes at most 3 bytes in UTF-8.
  return text.length * 3 <= limit || Buffer.byteLength(text, "utf8") <= limit;
}

/** The longest start of the text whose UTF-8 encoding fits in `maxBytes`, never splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (fitsUtf8(text, maxBytes)) return text;
  // Only the first maxBytes characters can matter: each takes at least one byte.
  const bytes = Buffer.from(text.length > maxBytes ? text.slice(0, maxBytes) : text, "utf8");
  if (bytes.length <= maxBytes) return bytes.toString("utf8");
  let end = maxBytes;
  // Back up to the first byte of a UTF-8 sequence (continuation bytes are 10xxxxxx).
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString("utf8");
}
