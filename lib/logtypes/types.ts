/** Public result types of the normalizer; shared by compile.ts, normalize.ts and callers. */

export interface NormalizeContext {
  sourceId: string;
  sourceLabel: string;
  /** Stamped into p_parse_time; also p_event_time when a record carries no event time at all. */
  parseTime: Date;
}

/**
 * Machine-readable class of a classification failure, for grouping a dead-letter queue.
 * `invalid_context` and `internal` are the caller's or Intake's fault, not the record's.
 */
export type FailureCode =
  | "invalid_json"
  | "not_an_object"
  | "missing_required"
  | "invalid_type"
  | "invalid_value"
  /** Not a record at all: a Log Search entry without readable message text or position. */
  | "invalid_envelope"
  /** Larger than the record-size limit: only a prefix, the size and a hash of it are kept. */
  | "record_too_large"
  | "invalid_context"
  | "internal";

export interface ClassificationFailure {
  code: FailureCode;
  /** A sentence a person can act on, e.g. 'Field "audit_id" is required but missing.' */
  reason: string;
  /** Dotted path with [i] for array items, e.g. `service_info.event.timestamp`. */
  field?: string;
  /** What the schema expects at `field`, e.g. "an RFC 3339 timestamp string". */
  expected?: string;
  /** The input as received (normalizeRaw) or its JSON form (normalizeRecord). */
  rawPayload: string;
}

/** Columns the event store indexes. */
export interface EventIndex {
  /** Dedup key. Falls back to the row id for log types without an id field (no dedup then). */
  auditId: string;
  action: string;
  result: string | null;
  product: string | null;
  description: string | null;
  emails: string[];
  usernames: string[];
}

export interface NormalizedEvent {
  /** Schema fields in schema order, then the p_ standard fields. JSON-ready. */
  record: Record<string, unknown>;
  /** Equals p_event_time. */
  eventTime: Date;
  /** Equals p_row_id. */
  rowId: string;
  index: EventIndex;
}

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; failure: ClassificationFailure };
