/**
 * Fast message text for bulk segments. Serving 1M events means producing 1M audit records and
 * JSON-escaping each one twice (record → message, message → envelope string). Instead, a segment
 * pre-serializes a pool of record variants once, in both forms, with placeholders for the fields
 * unique to each entry; serving an entry is then string concatenation only.
 */
import { type AuditProfile, type AuditRecordContext, generateAuditRecord, ingestionDelayMs } from "./records";
import { type Rng, createRng, hashPair, uuidFromRng } from "./rng";

const VARIANTS = 1024;

type SlotName = "AUDIT_ID" | "TIME" | "CORRELATION_ID" | "TIMESTAMP";
const placeholder = (name: SlotName): string => `@@${name}@@`;
const SLOT_PATTERN = /@@(AUDIT_ID|TIME|CORRELATION_ID|TIMESTAMP)@@/;

/** Text split around placeholders: fragments.length === slots.length + 1. */
interface SplitText {
  fragments: string[];
  slots: SlotName[];
}

interface Variant {
  /** The message as stored in Log Search. */
  message: SplitText;
  /** The message as a JSON string literal, ready to embed in an event envelope. */
  literal: SplitText;
}

export interface BulkEntryValues {
  auditId: string;
  variant: number;
  correlationId: string;
  timeMs: number;
}

export class BulkTemplates {
  private variants: Variant[] | null = null;

  constructor(
    private readonly seed: number,
    private readonly profile: AuditProfile,
    private readonly context: AuditRecordContext,
  ) {}

  /** Per-entry values, drawn from the entry's own seeded stream (the audit id comes first). */
  values(index: number, envelopeMs: number): BulkEntryValues {
    const rng: Rng = createRng(hashPair(this.seed, index));
    const auditId = uuidFromRng(rng);
    const variant = rng.int(VARIANTS);
    const timeMs = envelopeMs - ingestionDelayMs(rng);
    return { auditId, variant, correlationId: uuidFromRng(rng), timeMs };
  }

  message(values: BulkEntryValues): string {
    return fill(this.variant(values.variant).message, values);
  }

  literal(values: BulkEntryValues): string {
    return fill(this.variant(values.variant).literal, values);
  }

  private variant(index: number): Variant {
    this.variants ??= Array.from({ length: VARIANTS }, (_, v) => this.buildVariant(v));
    return this.variants[index] as Variant;
  }

  private buildVariant(variant: number): Variant {
    const rng = createRng(hashPair(this.seed ^ 0x5bd1e995, variant));
    const record = generateAuditRecord(rng, this.profile, 0, placeholder("AUDIT_ID"), this.context);
    record.time = placeholder("TIME");
    const event: { correlationId?: string; timestamp: unknown } = record.service_info.event;
    if (event.correlationId !== undefined) event.correlationId = placeholder("CORRELATION_ID");
    // The timestamp is a JSON number: serialize the placeholder as a string, then drop its quotes.
    event.timestamp = placeholder("TIMESTAMP");
    const message = JSON.stringify(record).replace(`"${placeholder("TIMESTAMP")}"`, placeholder("TIMESTAMP"));
    return { message: split(message), literal: split(JSON.stringify(message)) };
  }
}

function split(text: string): SplitText {
  const parts = text.split(SLOT_PATTERN);
  const fragments: string[] = [];
  const slots: SlotName[] = [];
  parts.forEach((part, i) => (i % 2 === 0 ? fragments.push(part) : slots.push(part as SlotName)));
  return { fragments, slots };
}

function fill(text: SplitText, values: BulkEntryValues): string {
  let out = text.fragments[0] as string;
  for (let i = 0; i < text.slots.length; i++) {
    out += slotValue(text.slots[i] as SlotName, values) + (text.fragments[i + 1] as string);
  }
  return out;
}

function slotValue(slot: SlotName, values: BulkEntryValues): string {
  switch (slot) {
    case "AUDIT_ID":
      return values.auditId;
    case "TIME":
      return new Date(values.timeMs).toISOString();
    case "CORRELATION_ID":
      return values.correlationId;
    case "TIMESTAMP":
      return String(values.timeMs);
  }
}
