/**
 * A virtual run of `count` entries spread evenly over [fromMs, toMs). Nothing per entry is stored:
 * timestamp, sequence number, audit id and message are all recomputed from the index, so a
 * million-entry benchmark log costs a few numbers of memory.
 */
import { type EntryRef, type EntrySource, NO_LABELS, lowerBoundBy } from "./entries";
import { BulkTemplates } from "./bulk-templates";
import { type AuditRecordContext, type MessageProfile, generateMessage } from "./records";
import { createRng, hashPair, uuidFromRng } from "./rng";
import { BULK_SLICE, MAX_BULK_PER_MS, millisecondOffset, seqFloorForTimestamp } from "./sequence";

export interface BulkSegmentSpec {
  slot: number;
  fromMs: number;
  toMs: number;
  count: number;
  seed: number;
  profile: MessageProfile;
  context: AuditRecordContext;
}

export class BulkSegment implements EntrySource {
  readonly size: number;
  private readonly step: number;
  private readonly counterBase: number;
  /** Audit logs serve pre-serialized variants; plain text lines are cheap enough to generate. */
  private readonly templates: BulkTemplates | null;
  private readonly seqAtBound = (index: number): bigint => this.seqAt(index);

  constructor(private readonly spec: BulkSegmentSpec) {
    const span = spec.toMs - spec.fromMs;
    if (!Number.isSafeInteger(spec.count) || spec.count < 1) throw new RangeError("count must be a positive integer");
    if (!Number.isSafeInteger(span) || span < 1) throw new RangeError("toMs must be after fromMs");
    this.size = spec.count;
    this.step = span / spec.count;
    // Each millisecond holds at most ceil(1/step) entries; they must fit in this segment's counter slice.
    if (Math.ceil(1 / this.step) + 1 > MAX_BULK_PER_MS) {
      throw new RangeError(`too dense: at most ${MAX_BULK_PER_MS - 1} entries per millisecond`);
    }
    this.counterBase = spec.slot * BULK_SLICE;
    this.templates = spec.profile === "firewall" ? null : new BulkTemplates(spec.seed, spec.profile, spec.context);
  }

  get fromMs(): number {
    return this.spec.fromMs;
  }
  get toMs(): number {
    return this.spec.toMs;
  }

  timestampAt(index: number): number {
    return this.spec.fromMs + Math.floor(index * this.step);
  }

  /** First index whose timestamp is >= timestampMs; O(1) up to float rounding, fixed by nudging. */
  private firstIndexAt(timestampMs: number): number {
    let index = Math.max(0, Math.ceil((timestampMs - this.spec.fromMs) / this.step));
    while (index > 0 && this.timestampAt(index - 1) >= timestampMs) index--;
    while (index < this.size && this.timestampAt(index) < timestampMs) index++;
    return index;
  }

  seqAt(index: number): bigint {
    const timestampMs = this.timestampAt(index);
    const offset = millisecondOffset(timestampMs, BULK_SLICE - MAX_BULK_PER_MS);
    const counter = this.counterBase + offset + index - this.firstIndexAt(timestampMs);
    return seqFloorForTimestamp(timestampMs) + BigInt(counter);
  }

  lowerBound(target: bigint): number {
    return lowerBoundBy(this.size, this.seqAtBound, target);
  }

  auditIdAt(index: number): string | undefined {
    if (this.spec.profile === "firewall") return undefined;
    // Both message paths draw the audit id first from the entry's own stream.
    return uuidFromRng(createRng(hashPair(this.spec.seed, index)));
  }

  messageAt(index: number): string {
    if (this.templates) return this.templates.message(this.templates.values(index, this.timestampAt(index)));
    return this.generatedMessageAt(index);
  }

  messageLiteralAt(index: number): string {
    if (this.templates) return this.templates.literal(this.templates.values(index, this.timestampAt(index)));
    return JSON.stringify(this.generatedMessageAt(index));
  }

  private generatedMessageAt(index: number): string {
    const rng = createRng(hashPair(this.spec.seed, index));
    const auditId = uuidFromRng(rng);
    return generateMessage(rng, this.spec.profile, this.timestampAt(index), auditId, this.spec.context).message;
  }

  entryAt(index: number): EntryRef {
    return new BulkEntryRef(this, index, this.seqAt(index), this.timestampAt(index));
  }
}

class BulkEntryRef implements EntryRef {
  readonly labels = NO_LABELS;
  private cachedMessage: string | undefined;
  constructor(
    private readonly segment: BulkSegment,
    private readonly index: number,
    readonly seq: bigint,
    readonly timestampMs: number,
  ) {}
  message(): string {
    this.cachedMessage ??= this.segment.messageAt(this.index);
    return this.cachedMessage;
  }
  messageLiteral(): string {
    return this.cachedMessage === undefined
      ? this.segment.messageLiteralAt(this.index)
      : JSON.stringify(this.cachedMessage);
  }
  auditId(): string | undefined {
    return this.segment.auditIdAt(this.index);
  }
}
