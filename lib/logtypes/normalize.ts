/**
 * Turns one raw log line (or an already parsed value) into a normalized event or a classification
 * failure. Never throws: a backfill must be able to route any input to the store or to the
 * dead-letter path and keep going.
 */
import { DecodeState, FAIL, isPlainObject, type CompiledLogType } from "./compile";
import { auditIdFits, boundIndexed, boundIndexedList, MAX_INDEXED_BYTES } from "./index-bounds";
import { sortUnique } from "./indicators";
import { newRowId } from "./row-id";
import { rawJsonIsStorable, storableJson, storableText } from "./storable-text";
import { formatTimestamp, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from "./timestamps";
import type { ClassificationFailure, FailureCode, NormalizeContext, NormalizeResult } from "./types";

const MAX_SHOWN_CHARS = 60;

/** Short, quoted, single-line rendering of an offending value for a failure reason. */
function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") {
    if (v === "") return "an empty string";
    const shown = v.length > MAX_SHOWN_CHARS ? v.slice(0, MAX_SHOWN_CHARS) + "…" : v;
    return JSON.stringify(shown);
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

function joinPath(reversed: readonly (string | number)[]): string {
  let out = "";
  for (let i = reversed.length - 1; i >= 0; i--) {
    const seg = reversed[i]!;
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : "." + seg;
  }
  return out;
}

function fromState(st: DecodeState, rawPayload: string): ClassificationFailure {
  const field = joinPath(st.path ?? []);
  let reason: string;
  switch (st.code) {
    case "missing_required":
      reason = `Field "${field}" is required but ${st.detail}.`;
      break;
    case "invalid_type":
      reason = `Field "${field}" must be ${st.expected}, but got ${describeValue(st.got)}.`;
      break;
    default:
      reason = `Field "${field}" must be ${st.expected}, but got ${describeValue(st.got)} (${st.detail}).`;
  }
  return { code: st.code, reason, field, expected: st.expected, rawPayload };
}

function failure(
  code: FailureCode,
  reason: string,
  rawPayload: string,
  extra?: { field?: string; expected?: string },
): NormalizeResult {
  return { ok: false, failure: { code, reason, ...extra, rawPayload } };
}

function safeStringify(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    if (typeof json === "string") return json;
  } catch {
    // Cycles, bigints, throwing getters: fall through to a plain rendering.
  }
  try {
    return String(value);
  } catch {
    return "[unprintable value]";
  }
}

function errorMessage(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unknown error";
  }
}

// p_parse_time is usually the same Date for a whole batch; format it once.
let cachedParseMs = Number.NaN;
let cachedParseIso = "";

function parseTimeIso(ms: number): string {
  if (ms !== cachedParseMs) {
    cachedParseIso = formatTimestamp(ms);
    cachedParseMs = ms;
  }
  return cachedParseIso;
}

function contextProblem(ctx: NormalizeContext): string | undefined {
  if (ctx === null || typeof ctx !== "object") return "the normalize context is missing";
  if (typeof ctx.sourceId !== "string") return "sourceId must be a string";
  if (typeof ctx.sourceLabel !== "string") return "sourceLabel must be a string";
  if (!(ctx.parseTime instanceof Date)) return "parseTime must be a Date";
  const ms = ctx.parseTime.getTime();
  if (!(ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS)) return "parseTime must be a valid date in years 0000-9999";
  return undefined;
}

function describeRoot(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "a non-plain object" : `a ${typeof value}`;
}

function run(
  logType: CompiledLogType,
  value: unknown,
  ctx: NormalizeContext,
  trusted: boolean,
  rawPayload: () => string,
  mayHoldUnstorableText: boolean,
): NormalizeResult {
  const problem = contextProblem(ctx);
  if (problem !== undefined) {
    return failure("invalid_context", `Intake could not normalize this record: ${problem}.`, rawPayload());
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || (!trusted && !isPlainObject(value))) {
    return failure(
      "not_an_object",
      `The message must be a JSON object, but it is ${describeRoot(value)}.`,
      rawPayload(),
      {
        expected: "a JSON object",
      },
    );
  }

  const program = logType.program;
  const st = new DecodeState(trusted, program.slots.length);
  const decoded = program.decodeRoot(value as Record<string, unknown>, st);
  if (decoded === FAIL) return { ok: false, failure: fromState(st, rawPayload()) };
  const record = mayHoldUnstorableText ? (storableJson(decoded) as Record<string, unknown>) : decoded;

  const parseMs = ctx.parseTime.getTime();
  const parseIso = parseTimeIso(parseMs);
  // No usable event time field at all: Panther falls back to the parse time, and so do we.
  const hasEventTime = st.eventRank !== Number.POSITIVE_INFINITY;
  const eventMs = hasEventTime ? st.eventMs : parseMs;
  const eventIso = hasEventTime ? st.eventIso : parseIso;
  const rowId = newRowId();

  record.p_log_type = logType.name;
  record.p_row_id = rowId;
  record.p_event_time = eventIso;
  record.p_parse_time = parseIso;
  record.p_source_id = ctx.sourceId;
  record.p_source_label = ctx.sourceLabel;

  let emails: string[] = [];
  let usernames: string[] = [];
  const lists = st.lists;
  if (lists !== undefined) {
    const slots = program.slots;
    for (let i = 0; i < slots.length; i++) {
      const list = lists[i];
      if (list === undefined || list.length === 0) continue;
      if (mayHoldUnstorableText) for (let j = 0; j < list.length; j++) list[j] = storableText(list[j]!);
      record[slots[i]!] = sortUnique(list);
      // The index gets copies so that editing one never silently edits the other.
      if (i === program.emailSlot) emails = list.slice();
      else if (i === program.usernameSlot) usernames = list.slice();
    }
  }

  const index = program.index;
  const auditId = index.auditId ? index.auditId(record) : null;
  if (auditId !== null && auditId.trim() === "") {
    const field = logType.indexFields.auditId ?? "audit_id";
    return failure(
      "invalid_value",
      `Field "${field}" is empty. It identifies the event, and repeated deliveries are recognised by it, so it must not be empty.`,
      rawPayload(),
      { field, expected: "a non-empty string" },
    );
  }
  if (auditId !== null && !auditIdFits(auditId)) {
    const field = logType.indexFields.auditId ?? "audit_id";
    return failure(
      "invalid_value",
      `Field "${field}" is ${Buffer.byteLength(auditId, "utf8").toLocaleString("en-US")} bytes long; Intake accepts identifiers of up to ${MAX_INDEXED_BYTES.toLocaleString("en-US")} bytes. It identifies the event and repeated deliveries are recognised by it, so it is never shortened.`,
      rawPayload(),
      { field, expected: `an identifier of at most ${MAX_INDEXED_BYTES.toLocaleString("en-US")} bytes` },
    );
  }
  const result = index.result ? index.result(record) : null;
  const product = index.product ? index.product(record) : null;
  // Index columns are bounded (the record keeps every value whole): see index-bounds.ts.
  return {
    ok: true,
    event: {
      record,
      eventTime: new Date(eventMs),
      rowId,
      index: {
        auditId: auditId ?? rowId,
        action: boundIndexed((index.action && index.action(record)) ?? ""),
        result: result === null ? null : boundIndexed(result),
        product: product === null ? null : boundIndexed(product),
        description: index.description ? index.description(record) : null,
        emails: boundIndexedList(emails),
        usernames: boundIndexedList(usernames),
      },
    },
  };
}

/**
 * Most non-JSON lines are plain text; deciding from the first significant character avoids the
 * cost of a thrown SyntaxError for them and lets the reason quote the line.
 */
function canStartJson(raw: string): boolean {
  const n = raw.length;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    // { [ " - digits t f n
    return c === 123 || c === 91 || c === 34 || c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110;
  }
  return false;
}

/** Parses one raw message (e.g. a Log Search event's `message`) and normalizes it. */
export function normalizeRaw(logType: CompiledLogType, raw: string, ctx: NormalizeContext): NormalizeResult {
  try {
    if (typeof raw !== "string") {
      return failure(
        "invalid_json",
        `The message must be a string of JSON, but it is ${describeRoot(raw)}.`,
        safeStringify(raw),
      );
    }
    if (!canStartJson(raw)) {
      const shown = raw.trim() === "" ? "it is empty" : `it starts with ${describeValue(raw.trimStart())}`;
      return failure("invalid_json", `The message is not JSON: ${shown}.`, raw, { expected: "a JSON object" });
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      return failure("invalid_json", `The message is not valid JSON: ${errorMessage(error)}.`, raw, {
        expected: "a JSON object",
      });
    }
    return run(logType, value, ctx, true, () => raw, !rawJsonIsStorable(raw));
  } catch (error) {
    return failure(
      "internal",
      `Intake failed to normalize this record (${errorMessage(error)}); this is a bug in Intake, not in the record.`,
      typeof raw === "string" ? raw : "",
    );
  }
}

/** Normalizes a value that was already parsed (or built in code); the value is never modified. */
export function normalizeRecord(logType: CompiledLogType, value: unknown, ctx: NormalizeContext): NormalizeResult {
  try {
    return run(logType, value, ctx, false, () => safeStringify(value), true);
  } catch (error) {
    // A throwing getter or Proxy trap in the input ends up here.
    return failure("internal", `Intake could not read this record (${errorMessage(error)}).`, safeStringify(value));
  }
}
