import { getManyValues, isMany, none } from "stream-chain/defs.js";
import { jsonParser, type Token } from "stream-json/core/parser.js";
import { TextBuilder } from "./oversize";

/**
 * Reads the body of a Log Search query answer within a memory budget.
 *
 * A body up to the page budget is parsed whole (JSON.parse is the fastest way, and this is
 * every page in practice). A larger one is parsed as a stream that keeps, of each entry,
 * only what Intake reads (timestamp, sequence_number_str, log_id, message): a message
 * larger than the record limit becomes an OversizeText (prefix, size, hash) and the rest of
 * the entry is skipped as it streams by. So a 200 MB page of 1 MB records costs a few MB.
 * Should the kept part still outgrow the budget, reading stops with PageOverBudget and the
 * caller asks again for fewer entries per page.
 */
export type PageLimits = {
  /** Bytes of one page held in memory at most. */
  pageBudgetBytes: number;
  /** A message larger than this is not kept whole: its prefix, size and hash stand in for it. */
  maxMessageBytes: number;
  /** How much of an oversize message is kept. */
  prefixBytes: number;
};

export type PageBody = { json: unknown; bytes: number };

/** The page held more than the budget allows; `entriesRead` fitted. */
export class PageOverBudget extends Error {
  constructor(readonly entriesRead: number) {
    super(`The page outgrew its memory budget after ${entriesRead} entries.`);
    this.name = "PageOverBudget";
  }
}

/** A value of an entry that Intake does not read, skipped while streaming; it stands in where a message was expected. */
export class SkippedValue {
  constructor(readonly kind: "an object" | "an array") {}
  toJSON(): string {
    return `[${this.kind}, not kept]`;
  }
}

/** Entry keys a streamed page keeps: what the pull reads of an envelope. */
const KEPT_ENTRY_KEYS = new Set(["timestamp", "sequence_number_str", "log_id", "message"]);
/** Any other string (ids, links) longer than this is not kept whole. */
const SMALL_TEXT_BYTES = 4 * 1024;
/** Memory outside the events (links, statistics) a page may take. */
const MAX_OUTSIDE_EVENTS_BYTES = 1024 * 1024;
/**
 * Nesting a streamed page may have. Skipped values cost the parser a stack slot per level,
 * no more; JSON.parse (a page read whole) takes any depth. Deeper is an answer Intake
 * cannot read (reported as a SyntaxError), not a reason to retry.
 */
const MAX_STREAMED_DEPTH = 1_000_000;
/** Numbers are the only values the parser packs (holds whole); no real one is longer. */
const MAX_NUMBER_CHARS = 4096;
/** What a kept value costs besides its text. */
const VALUE_OVERHEAD = 16;

export async function readPageBody(response: Response, limits: PageLimits): Promise<PageBody> {
  if (!response.body) return { json: JSON.parse(""), bytes: 0 };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { json: JSON.parse(Buffer.concat(chunks).toString("utf8")), bytes };
      chunks.push(value);
      bytes += value.byteLength;
      if (bytes > limits.pageBudgetBytes) break;
    }
    const stream = new StreamedPage(limits);
    for (const chunk of chunks.splice(0)) stream.write(chunk);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      stream.write(value);
    }
    return { json: stream.end(), bytes };
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
}

type Kind = "root" | "outside" | "events" | "entry" | "skip";
type Frame = { kind: Kind; value: unknown[] | Record<string, unknown>; key: string | null };

class StreamedPage {
  private readonly decoder = new TextDecoder("utf-8");
  private readonly parse = jsonParser({
    packKeys: false,
    packStrings: false,
    packNumbers: true,
    streamNumbers: false,
    maxDepth: MAX_STREAMED_DEPTH,
    maxPackedLength: MAX_NUMBER_CHARS,
  });
  private readonly stack: Frame[] = [];
  private root: unknown;
  /** Depth inside a value being skipped (0: not skipping). */
  private skipping = 0;
  private text: TextBuilder | null = null;
  private textIsKey = false;
  private textSkipped = false;
  private retained = 0;
  private outside = 0;
  private entries = 0;

  constructor(private readonly limits: PageLimits) {}

  write(chunk: Uint8Array): void {
    this.feed(this.parsed(this.decoder.decode(chunk, { stream: true })));
  }

  /** The parser's tokens for the text; its errors (bad syntax, too deep) mean the body is not JSON Intake can read. */
  private parsed(text: string | typeof none): unknown {
    try {
      // A flushable is called with `none` to finish (its type only declares the text input).
      return (this.parse as unknown as (input: string | typeof none) => unknown)(text);
    } catch (error) {
      throw new SyntaxError(error instanceof Error ? error.message : String(error));
    }
  }

  end(): unknown {
    const rest = this.decoder.decode();
    if (rest) this.feed(this.parsed(rest));
    this.feed(this.parsed(none));
    if (this.stack.length > 0 || this.root === undefined) throw new SyntaxError("Unexpected end of JSON input");
    return this.root;
  }

  private feed(output: unknown): void {
    if (!isMany(output)) return;
    for (const token of getManyValues(output) as Token[]) this.token(token);
  }

  private token(token: Token): void {
    switch (token.name) {
      case "startObject":
      case "startArray":
        return this.open(token.name === "startObject");
      case "endObject":
      case "endArray":
        return this.close();
      case "startKey":
      case "startString":
        return this.startText(token.name === "startKey");
      case "stringChunk":
        if (!this.textSkipped) this.text?.add(token.value);
        return;
      case "endKey":
      case "endString":
        return this.endText();
      case "numberValue":
        return this.scalar(Number(token.value));
      case "nullValue":
      case "trueValue":
      case "falseValue":
        return this.scalar(token.value);
      default:
        return;
    }
  }

  /** What a value about to start is: kept (and where), or skipped. */
  private placeOf(): Kind {
    const parent = this.stack.at(-1);
    if (!parent) return "root";
    switch (parent.kind) {
      case "root":
        return parent.key === "events" ? "events" : "outside";
      case "events":
        return "entry";
      case "entry":
        // Nothing Intake reads of an entry is a structure.
        return "skip";
      default:
        return parent.kind;
    }
  }

  private open(isObject: boolean): void {
    if (this.skipping > 0) {
      this.skipping += 1;
      return;
    }
    const kind = this.placeOf();
    if (kind === "skip") {
      // A kept key whose value is a structure is recorded as such, so the entry reads as unreadable rather than silently empty.
      const parent = this.stack.at(-1)!;
      if (!Array.isArray(parent.value) && parent.key !== null && KEPT_ENTRY_KEYS.has(parent.key))
        this.attach(new SkippedValue(isObject ? "an object" : "an array"), 0);
      else if (!Array.isArray(parent.value)) parent.key = null;
      this.skipping = 1;
      return;
    }
    this.stack.push({ kind, value: isObject ? {} : [], key: null });
  }

  private close(): void {
    if (this.skipping > 0) {
      this.skipping -= 1;
      return;
    }
    const frame = this.stack.pop();
    if (!frame) throw new SyntaxError("Unbalanced JSON");
    if (frame.kind === "entry") this.entries += 1;
    if (this.stack.length === 0) this.root = frame.value;
    else this.attach(frame.value, 0);
  }

  private startText(isKey: boolean): void {
    this.textIsKey = isKey;
    this.textSkipped = this.skipping > 0 || (!isKey && this.valueIsSkipped());
    const parent = this.stack.at(-1);
    const isMessage = !isKey && parent?.kind === "entry" && parent.key === "message";
    this.text = this.textSkipped
      ? null
      : isMessage
        ? new TextBuilder(this.limits.maxMessageBytes, this.limits.prefixBytes)
        : new TextBuilder(SMALL_TEXT_BYTES, SMALL_TEXT_BYTES / 4);
  }

  private endText(): void {
    const builder = this.text;
    this.text = null;
    if (this.textSkipped || !builder) return;
    const retained = builder.retainedBytes;
    const value = builder.finish();
    if (this.textIsKey) {
      const parent = this.stack.at(-1);
      if (parent && !Array.isArray(parent.value)) parent.key = typeof value === "string" ? value : value.prefix;
      return;
    }
    this.attach(value, retained);
  }

  private scalar(value: unknown): void {
    if (this.skipping > 0) return;
    if (this.valueIsSkipped()) {
      const parent = this.stack.at(-1)!;
      if (!Array.isArray(parent.value)) parent.key = null;
      return;
    }
    this.attach(value, 0);
  }

  /** Whether the next value, in an entry, belongs to a key Intake does not read. */
  private valueIsSkipped(): boolean {
    const parent = this.stack.at(-1);
    if (parent?.kind !== "entry") return false;
    return Array.isArray(parent.value) || parent.key === null || !KEPT_ENTRY_KEYS.has(parent.key);
  }

  private attach(value: unknown, textBytes: number): void {
    const parent = this.stack.at(-1);
    if (!parent) {
      this.root = value;
      return;
    }
    const cost = textBytes + VALUE_OVERHEAD;
    if (parent.kind === "outside" || (parent.kind === "root" && parent.key !== "events")) {
      this.outside += cost;
      if (this.outside > MAX_OUTSIDE_EVENTS_BYTES)
        throw new SyntaxError("The answer holds more than 1 MB besides its events");
    } else {
      this.retained += cost;
      if (this.retained > this.limits.pageBudgetBytes) throw new PageOverBudget(this.entries);
    }
    if (Array.isArray(parent.value)) parent.value.push(value);
    else if (parent.key !== null) {
      // defineProperty: a "__proto__" key is data, as JSON.parse has it, never a prototype.
      Object.defineProperty(parent.value, parent.key, { value, enumerable: true, writable: true, configurable: true });
      parent.key = null;
    }
  }
}
