/**
 * Entry storage for one log. Entries are kept in sequence-number order (which is also envelope
 * timestamp order, see sequence.ts), so every query is a binary search plus a walk over at most one
 * page: per-request work stays O(page size) however large the log is.
 */
import type { BulkSegment } from "./bulk-segment";

/** One log entry as the query code sees it; bulk entries build their message only when asked. */
export interface EntryRef {
  readonly seq: bigint;
  readonly timestampMs: number;
  readonly labels: readonly unknown[];
  message(): string;
  /** The message as a JSON string literal (quoted and escaped), for event envelopes. */
  messageLiteral(): string;
  auditId(): string | undefined;
}

/** A sorted run of entries addressable by index. */
export interface EntrySource {
  readonly size: number;
  seqAt(index: number): bigint;
  entryAt(index: number): EntryRef;
  /** Index of the first entry whose seq is >= target (size when there is none). */
  lowerBound(target: bigint): number;
}

export const NO_LABELS: readonly unknown[] = Object.freeze([]);

export class StoredEntry implements EntryRef {
  readonly labels = NO_LABELS;
  constructor(
    readonly seq: bigint,
    readonly timestampMs: number,
    private readonly text: string,
    private readonly auditIdValue: string | undefined,
    /** The envelope's `message` as written, when it is not a string (a broken entry, for testing clients). */
    private readonly literal?: string,
  ) {}
  message(): string {
    return this.text;
  }
  messageLiteral(): string {
    return this.literal ?? JSON.stringify(this.text);
  }
  auditId(): string | undefined {
    return this.auditIdValue;
  }
}

export function lowerBoundBy(size: number, seqAt: (index: number) => bigint, target: bigint): number {
  let low = 0;
  let high = size;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (seqAt(mid) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

class StoredEntries implements EntrySource {
  private readonly items: StoredEntry[] = [];
  private readonly seqAtBound = (index: number): bigint => this.seqAt(index);

  get size(): number {
    return this.items.length;
  }
  seqAt(index: number): bigint {
    return (this.items[index] as StoredEntry).seq;
  }
  entryAt(index: number): EntryRef {
    return this.items[index] as StoredEntry;
  }
  lowerBound(target: bigint): number {
    return lowerBoundBy(this.items.length, this.seqAtBound, target);
  }
  insert(entry: StoredEntry): void {
    const last = this.items[this.items.length - 1];
    if (!last || last.seq < entry.seq) {
      this.items.push(entry);
      return;
    }
    // Late events land in the past: keep the array sorted so binary search stays valid.
    this.items.splice(this.lowerBound(entry.seq), 0, entry);
  }
}

export class LogEntries {
  private readonly stored = new StoredEntries();
  private readonly bulk: BulkSegment[] = [];

  insert(entry: StoredEntry): void {
    this.stored.insert(entry);
  }
  addBulkSegment(segment: BulkSegment): void {
    this.bulk.push(segment);
  }
  get size(): number {
    return this.bulk.reduce((sum, segment) => sum + segment.size, this.stored.size);
  }
  sources(): readonly EntrySource[] {
    return this.bulk.length === 0 ? [this.stored] : [this.stored, ...this.bulk];
  }
}
