import { createHash, type Hash } from "node:crypto";
import { cutUtf8, fitsUtf8 } from "@/lib/text/utf8";

/**
 * A text value too large to keep: its start, its size and its SHA-256 (of the UTF-8 text),
 * enough to recognise it and to find it again in Rapid7, without ever holding it whole.
 */
export class OversizeText {
  constructor(
    readonly prefix: string,
    readonly bytes: number,
    readonly sha256: string,
  ) {}

  /** How it reads in an entry rendered as JSON (an unreadable entry's stored form). */
  toJSON(): string {
    return `[${this.bytes} bytes of text, SHA-256 ${this.sha256}, not kept]`;
  }
}

/** The text as an OversizeText when it exceeds `maxBytes`; unchanged otherwise. */
export function limitText(text: string, maxBytes: number, prefixBytes: number): string | OversizeText {
  if (fitsUtf8(text, maxBytes)) return text;
  const bytes = Buffer.from(text, "utf8");
  return new OversizeText(cutUtf8(text, prefixBytes), bytes.length, createHash("sha256").update(bytes).digest("hex"));
}

/**
 * Builds a string from the chunks a streaming parser hands over. Past `maxBytes` it keeps
 * only the first `prefixBytes` and goes on hashing and counting, so a 200 MB string costs
 * a prefix, not 200 MB. Chunks must hold whole characters (stream-json keeps surrogate
 * pairs together), so hashing them one by one equals hashing the whole text.
 */
export class TextBuilder {
  private parts: string[] = [];
  private bytes = 0;
  private hash: Hash | undefined;
  private prefix = "";

  constructor(
    private readonly maxBytes: number,
    private readonly prefixBytes: number,
  ) {}

  /** Bytes this builder holds on to (what a page's memory budget counts). */
  get retainedBytes(): number {
    return this.hash ? Buffer.byteLength(this.prefix, "utf8") : this.bytes;
  }

  add(chunk: string): void {
    const size = Buffer.byteLength(chunk, "utf8");
    if (!this.hash && this.bytes + size <= this.maxBytes) {
      this.parts.push(chunk);
      this.bytes += size;
      return;
    }
    if (!this.hash) {
      this.hash = createHash("sha256");
      for (const part of this.parts) this.hash.update(part, "utf8");
      this.prefix = cutUtf8(this.parts.join("") + chunk.slice(0, this.prefixBytes), this.prefixBytes);
      this.parts = [];
    }
    this.hash.update(chunk, "utf8");
    this.bytes += size;
  }

  finish(): string | OversizeText {
    return this.hash ? new OversizeText(this.prefix, this.bytes, this.hash.digest("hex")) : this.parts.join("");
  }
}
