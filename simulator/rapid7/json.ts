/**
 * JSON writer that keeps BigInt values exact. Rapid7 emits `sequence_number` as a raw integer
 * above 2^53; going through Number (as JSON.stringify would force us to) would round it and
 * hide exactly the precision bug clients must be tested against.
 *
 * It writes UTF-8 straight into buffers: a 500-event page (~700 KB) is produced on every request
 * of a backfill, and joining that into one string before encoding it costs twice as much.
 */

/** Already-serialized JSON, embedded verbatim (hot paths build their text with a template). */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJsonBytes(value: unknown): Buffer {
  const sink = new ByteSink();
  write(value, sink);
  return sink.finish();
}

export function toJson(value: unknown): string {
  return toJsonBytes(value).toString("utf8");
}

const FIRST_CHUNK_BYTES = 4 * 1024;
const MAX_CHUNK_BYTES = 256 * 1024;

class ByteSink {
  private readonly chunks: Buffer[] = [];
  private buffer = Buffer.allocUnsafe(FIRST_CHUNK_BYTES);
  private offset = 0;

  push(text: string): void {
    // A UTF-8 encoding takes at most 3 bytes per UTF-16 code unit.
    if (this.buffer.length - this.offset < text.length * 3) {
      this.chunks.push(this.buffer.subarray(0, this.offset));
      const next = Math.min(MAX_CHUNK_BYTES, this.buffer.length * 4);
      this.buffer = Buffer.allocUnsafe(Math.max(next, text.length * 3));
      this.offset = 0;
    }
    this.offset += this.buffer.write(text, this.offset, "utf8");
  }

  finish(): Buffer {
    const last = this.buffer.subarray(0, this.offset);
    return this.chunks.length === 0 ? last : Buffer.concat([...this.chunks, last]);
  }
}

const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    // Keys of user-supplied objects could be unbounded; only remember a reasonable number.
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function write(value: unknown, sink: ByteSink): void {
  switch (typeof value) {
    case "string":
      sink.push(JSON.stringify(value));
      return;
    case "bigint":
      sink.push(value.toString());
      return;
    case "number":
      sink.push(Number.isFinite(value) ? String(value) : "null");
      return;
    case "boolean":
      sink.push(value ? "true" : "false");
      return;
    case "object":
      if (value === null) sink.push("null");
      else if (value instanceof RawJson) sink.push(value.text);
      else if (Array.isArray(value)) writeArray(value, sink);
      else writeObject(value as Record<string, unknown>, sink);
      return;
    default:
      // undefined, functions and symbols have no JSON form; inside arrays JSON uses null.
      sink.push("null");
  }
}

function writeArray(items: readonly unknown[], sink: ByteSink): void {
  sink.push("[");
  for (let i = 0; i < items.length; i++) {
    if (i > 0) sink.push(",");
    write(items[i], sink);
  }
  sink.push("]");
}

function writeObject(object: Record<string, unknown>, sink: ByteSink): void {
  sink.push("{");
  let first = true;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const item = object[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    sink.push(first ? quoteKey(key) : `,${quoteKey(key)}`);
    write(item, sink);
    first = false;
  }
  sink.push("}");
}
