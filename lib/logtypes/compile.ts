/**
 * Compiles a schema definition once into a tree of closures, one per field, so the per-record work
 * is property reads, typeof checks and object building; the YAML is never consulted per record.
 *
 * Decoders return the normalized value, ABSENT (treat as missing, e.g. "" for a number), or FAIL.
 * On FAIL the details sit in the DecodeState and each enclosing decoder adds its path segment
 * while unwinding, so the success path builds no paths at all.
 */
import {
  INDEX_COLUMNS,
  INDEXABLE_TYPES,
  resolveFieldPath,
  type FieldDefinition,
  type IndexColumn,
  type IndicatorKind,
  type SchemaDefinition,
  type TimeFormat,
  type ValueDefinition,
} from "./schema-definition";
import {
  P_ANY_FIELDS,
  compileIndicatorCollector,
  targetsOf,
  type IndicatorCollector,
  type IndicatorLists,
  type PAnyField,
} from "./indicators";
import { formatTimestamp, lastTimeError, parseRfc3339, parseUnix, type TimeErrorKind } from "./timestamps";
import type { FailureCode } from "./types";

export const FAIL: unique symbol = Symbol("fail");
export const ABSENT: unique symbol = Symbol("absent");

export class DecodeState {
  code: FailureCode = "internal";
  expected = "";
  detail = "";
  got: unknown = undefined;
  /** Innermost segment first; reversed once when the failure is reported. */
  path: (string | number)[] | undefined = undefined;
  eventRank = Number.POSITIVE_INFINITY;
  eventMs = Number.NaN;
  eventIso = "";
  lists: IndicatorLists | undefined = undefined;

  constructor(
    /** false for normalizeRecord: the value did not come from JSON.parse and needs shape checks. */
    readonly trusted: boolean,
    readonly slotCount: number,
  ) {}
}

type Decoder = (value: unknown, st: DecodeState) => unknown;

export interface LogTypeProgram {
  readonly decodeRoot: (value: Record<string, unknown>, st: DecodeState) => Record<string, unknown> | typeof FAIL;
  /** p_any field name per indicator slot. */
  readonly slots: readonly PAnyField[];
  readonly emailSlot: number;
  readonly usernameSlot: number;
  readonly index: Readonly<Record<IndexColumn, ((record: Record<string, unknown>) => string | null) | null>>;
}

export interface CompiledLogType {
  readonly name: string;
  readonly description: string | undefined;
  readonly referenceURL: string | undefined;
  /** The YAML file the schema came from, when loaded from disk. */
  readonly sourceFile: string | undefined;
  readonly definition: SchemaDefinition;
  /** isEventTime fields, highest precedence first. */
  readonly eventTimeFields: readonly string[];
  /** Field path feeding each index column (null: not available for this log type). */
  readonly indexFields: Readonly<Record<IndexColumn, string | null>>;
  /** Internal to lib/logtypes; use normalizeRaw/normalizeRecord. */
  readonly program: LogTypeProgram;
}

// ---------------------------------------------------------------------------------------------
// Failure helpers (cold path)

function typeError(st: DecodeState, expected: string, got: unknown): typeof FAIL {
  st.code = "invalid_type";
  st.expected = expected;
  st.got = got;
  st.path = [];
  return FAIL;
}

function valueError(st: DecodeState, expected: string, got: unknown, detail: string): typeof FAIL {
  st.code = "invalid_value";
  st.expected = expected;
  st.got = got;
  st.detail = detail;
  st.path = [];
  return FAIL;
}

function missingError(st: DecodeState, name: string, expected: string, how: string): typeof FAIL {
  st.code = "missing_required";
  st.expected = expected;
  st.detail = how;
  st.path = [name];
  return FAIL;
}

export function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// ---------------------------------------------------------------------------------------------
// Scalar decoders

const STRING_EXPECTED = "a string";

function compileString(collect: IndicatorCollector | undefined): Decoder {
  if (!collect) {
    return (v, st) => {
      if (typeof v === "string") return v;
      // Panther's string codec: booleans and numbers become their text, objects are errors.
      if (typeof v === "number") return Number.isFinite(v) ? String(v) : typeError(st, STRING_EXPECTED, v);
      if (typeof v === "boolean") return v ? "true" : "false";
      return typeError(st, STRING_EXPECTED, v);
    };
  }
  return (v, st) => {
    let s: string;
    if (typeof v === "string") s = v;
    else if (typeof v === "number" && Number.isFinite(v)) s = String(v);
    else if (typeof v === "boolean") s = v ? "true" : "false";
    else return typeError(st, STRING_EXPECTED, v);
    collect(s, (st.lists ??= new Array<string[] | undefined>(st.slotCount)));
    return s;
  };
}

/** Canonical decimal text of an integer string (`+007` -> `7`), or undefined. */
function canonicalInteger(s: string): string | undefined {
  const n = s.length;
  let i = 0;
  let negative = false;
  if (n > 0 && (s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43)) {
    negative = s.charCodeAt(0) === 45;
    i = 1;
  }
  if (i === n) return undefined;
  for (let k = i; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
  }
  while (i < n - 1 && s.charCodeAt(i) === 48) i++;
  const digits = s.slice(i);
  return negative && digits !== "0" ? "-" + digits : digits;
}

const INT64_MAX = "9223372036854775807";
const INT64_MIN_ABS = "9223372036854775808";

function fitsInt64(canonical: string): boolean {
  const negative = canonical.charCodeAt(0) === 45;
  const digits = negative ? canonical.slice(1) : canonical;
  const limit = negative ? INT64_MIN_ABS : INT64_MAX;
  return digits.length < limit.length || (digits.length === limit.length && digits <= limit);
}

const INT_EXPECTED = "an integer between -2147483648 and 2147483647 (number or numeric string)";

const decodeInt: Decoder = (v, st) => {
  if (typeof v === "number") {
    return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647
      ? v
      : valueError(st, INT_EXPECTED, v, "not a 32-bit integer");
  }
  if (typeof v === "string") {
    if (v === "") return ABSENT; // Panther reads "" in numeric fields as null
    const canonical = canonicalInteger(v);
    if (canonical === undefined || canonical.length > 11) return valueError(st, INT_EXPECTED, v, "not an integer");
    const n = Number(canonical);
    return n >= -2147483648 && n <= 2147483647 ? n : valueError(st, INT_EXPECTED, v, "out of the 32-bit range");
  }
  return typeError(st, INT_EXPECTED, v);
};

const BIGINT_EXPECTED = "a 64-bit integer (number or numeric string)";

// Always a decimal string: JavaScript numbers cannot hold every int64, and one JSON type per
// column beats a column that is sometimes a number and sometimes a string.
const decodeBigint: Decoder = (v, st) => {
  if (typeof v === "number") {
    if (!Number.isInteger(v)) return valueError(st, BIGINT_EXPECTED, v, "not an integer");
    const text = Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
    return fitsInt64(text) ? text : valueError(st, BIGINT_EXPECTED, v, "out of the 64-bit range");
  }
  if (typeof v === "string") {
    if (v === "") return ABSENT;
    const canonical = canonicalInteger(v);
    if (canonical === undefined) return valueError(st, BIGINT_EXPECTED, v, "not an integer");
    return fitsInt64(canonical) ? canonical : valueError(st, BIGINT_EXPECTED, v, "out of the 64-bit range");
  }
  return typeError(st, BIGINT_EXPECTED, v);
};

/** JSON number syntax without the JSON restriction on leading zeros. */
function isDecimalText(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43) i++;
  let digits = 0;
  const isDigit = (k: number) => k < n && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57;
  while (isDigit(i)) {
    i++;
    digits++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (isDigit(i)) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return false;
  if (i < n && (s.charCodeAt(i) === 101 || s.charCodeAt(i) === 69)) {
    i++;
    if (i < n && (s.charCodeAt(i) === 45 || s.charCodeAt(i) === 43)) i++;
    const start = i;
    while (isDigit(i)) i++;
    if (i === start) return false;
  }
  return i === n;
}

const FLOAT_EXPECTED = "a number (or numeric string)";

const decodeFloat: Decoder = (v, st) => {
  if (typeof v === "number") return Number.isFinite(v) ? v : valueError(st, FLOAT_EXPECTED, v, "not a finite number");
  if (typeof v === "string") {
    if (v === "") return ABSENT;
    if (!isDecimalText(v)) return valueError(st, FLOAT_EXPECTED, v, "not a number");
    const n = Number(v);
    return Number.isFinite(n) ? n : valueError(st, FLOAT_EXPECTED, v, "too large");
  }
  return typeError(st, FLOAT_EXPECTED, v);
};

const BOOLEAN_EXPECTED = "a boolean (true/false)";
// Go's strconv.ParseBool, which Panther uses for booleans sent as strings.
const BOOLEAN_TEXT: ReadonlyMap<string, boolean> = new Map([
  ["1", true],
  ["t", true],
  ["T", true],
  ["true", true],
  ["TRUE", true],
  ["True", true],
  ["0", false],
  ["f", false],
  ["F", false],
  ["false", false],
  ["FALSE", false],
  ["False", false],
]);

const decodeBoolean: Decoder = (v, st) => {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    if (v === "") return ABSENT;
    const b = BOOLEAN_TEXT.get(v);
    return b === undefined ? valueError(st, BOOLEAN_EXPECTED, v, "not a boolean") : b;
  }
  return typeError(st, BOOLEAN_EXPECTED, v);
};

const JSON_EXPECTED = "a JSON value";
const MAX_JSON_DEPTH = 512;
const MAX_JSON_NODES = 1_000_000;

/**
 * A json field must survive JSON.stringify and a json insert later. Values handed to
 * normalizeRecord may hold functions, bigints, Dates or cycles; even JSON.parse output can be
 * nested deeper than JSON.stringify's recursion survives. Checked iteratively for that reason.
 */
function jsonProblem(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  const depths: number[] = [0];
  let nodes = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    const depth = depths.pop()!;
    if (++nodes > MAX_JSON_NODES) return "too large";
    if (v === null || typeof v === "string" || typeof v === "boolean") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return "contains a non-finite number";
      continue;
    }
    if (typeof v !== "object") return `contains a ${typeof v}`;
    if (depth >= MAX_JSON_DEPTH) return "nested too deeply (or circular)";
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        stack.push(v[i] === undefined ? null : v[i]);
        depths.push(depth + 1);
      }
    } else if (isPlainObject(v)) {
      for (const key of Object.keys(v)) {
        const child = (v as Record<string, unknown>)[key];
        if (child === undefined) continue;
        stack.push(child);
        depths.push(depth + 1);
      }
    } else {
      return "contains a non-plain object";
    }
  }
  return undefined;
}

// Kept untouched (same reference): no copy, no key reordering.
const decodeJson: Decoder = (v, st) => {
  const problem = jsonProblem(v);
  return problem === undefined ? v : valueError(st, JSON_EXPECTED, v, problem);
};

// ---------------------------------------------------------------------------------------------
// Timestamps

const FORMAT_EXPECTED: Record<TimeFormat, string> = {
  rfc3339: 'an RFC 3339 timestamp string such as "2024-05-30T09:20:00.901Z"',
  unix: "Unix seconds (number or numeric string)",
  unix_ms: "Unix milliseconds (integer or integer string)",
  unix_us: "Unix microseconds (integer or integer string)",
  unix_ns: "Unix nanoseconds (integer or integer string)",
};

const TIME_ERROR_DETAIL: Record<TimeErrorKind, string> = {
  syntax: "not in that format",
  impossible: "no such date or time",
  precision: "more than 9 fractional digits",
  out_of_range: "outside years 0000-9999",
};

type TimeParser = (value: unknown) => number;

function timeParser(format: TimeFormat): TimeParser {
  if (format === "rfc3339") return (v) => (typeof v === "string" ? parseRfc3339(v) : Number.NaN);
  return (v) => parseUnix(v, format);
}

function compileTimestamp(formats: readonly TimeFormat[], eventRank: number): Decoder {
  const parsers = formats.map(timeParser);
  const expected = formats.map((f) => FORMAT_EXPECTED[f]).join(" or ");
  const acceptsNumbers = formats.some((f) => f !== "rfc3339");
  const single = parsers.length === 1 ? parsers[0]! : undefined;

  return (v, st) => {
    const isString = typeof v === "string";
    if (!isString && !(acceptsNumbers && typeof v === "number")) return typeError(st, expected, v);
    // Panther's unix codecs read "" as null; its RFC 3339 codec rejects it.
    if (v === "") return acceptsNumbers ? ABSENT : valueError(st, expected, v, "empty string");
    let ms: number;
    if (single) {
      ms = single(v);
      if (ms !== ms) return valueError(st, expected, v, TIME_ERROR_DETAIL[lastTimeError()]);
    } else {
      ms = Number.NaN;
      let firstError: TimeErrorKind | undefined;
      for (let i = 0; i < parsers.length && ms !== ms; i++) {
        ms = parsers[i]!(v);
        if (ms !== ms) firstError ??= lastTimeError();
      }
      if (ms !== ms) return valueError(st, expected, v, TIME_ERROR_DETAIL[firstError ?? "syntax"]);
    }
    const iso = formatTimestamp(ms);
    if (eventRank < st.eventRank) {
      st.eventRank = eventRank;
      st.eventMs = ms;
      st.eventIso = iso;
    }
    return iso;
  };
}

// ---------------------------------------------------------------------------------------------
// Containers

interface FieldPlan {
  readonly name: string;
  readonly required: boolean;
  /** Names like "constructor" exist on Object.prototype; only own properties count as present. */
  readonly ownOnly: boolean;
  readonly expected: string;
  readonly decode: Decoder;
}

const OBJECT_EXPECTED = "an object";

/**
 * Walks the schema's fields, not the input's keys: keys the schema does not declare are dropped,
 * as Panther does, which also means hostile keys (__proto__, p_row_id...) never reach the output.
 */
function compileObject(plans: readonly FieldPlan[]): Decoder {
  const count = plans.length;
  return (v, st) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return typeError(st, OBJECT_EXPECTED, v);
    if (!st.trusted && !isPlainObject(v)) return typeError(st, OBJECT_EXPECTED, v);
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const plan = plans[i]!;
      const raw = plan.ownOnly && !Object.hasOwn(src, plan.name) ? undefined : src[plan.name];
      if (raw === undefined || raw === null) {
        if (plan.required) return missingError(st, plan.name, plan.expected, raw === null ? "was null" : "missing");
        continue;
      }
      const value = plan.decode(raw, st);
      if (value === FAIL) {
        st.path!.push(plan.name);
        return FAIL;
      }
      if (value === ABSENT) {
        if (plan.required) return missingError(st, plan.name, plan.expected, "was an empty string");
        continue;
      }
      out[plan.name] = value;
    }
    return out;
  };
}

const ARRAY_EXPECTED = "an array";

function compileArray(element: Decoder): Decoder {
  return (v, st) => {
    if (!Array.isArray(v)) return typeError(st, ARRAY_EXPECTED, v);
    const n = v.length;
    const out: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const item: unknown = v[i];
      if (item === null || item === undefined) {
        out[i] = null;
        continue;
      }
      const value = element(item, st);
      if (value === FAIL) {
        st.path!.push(i);
        return FAIL;
      }
      out[i] = value === ABSENT ? null : value;
    }
    return out;
  };
}

// ---------------------------------------------------------------------------------------------
// Compilation

interface CompileEnv {
  readonly eventRanks: ReadonlyMap<ValueDefinition, number>;
  slotOf(field: PAnyField): number;
}

function expectedOf(def: ValueDefinition): string {
  switch (def.type) {
    case "string":
      return STRING_EXPECTED;
    case "timestamp":
      return (def.timeFormats ?? []).map((f) => FORMAT_EXPECTED[f]).join(" or ");
    case "object":
      return OBJECT_EXPECTED;
    case "array":
      return ARRAY_EXPECTED;
    case "json":
      return JSON_EXPECTED;
    case "int":
      return INT_EXPECTED;
    case "bigint":
      return BIGINT_EXPECTED;
    case "float":
      return FLOAT_EXPECTED;
    case "boolean":
      return BOOLEAN_EXPECTED;
  }
}

function compileValue(def: ValueDefinition, env: CompileEnv): Decoder {
  switch (def.type) {
    case "string":
      return compileString(compileIndicatorCollector(def.indicators ?? [], (f) => env.slotOf(f)));
    case "timestamp":
      return compileTimestamp(def.timeFormats ?? ["rfc3339"], env.eventRanks.get(def) ?? Number.POSITIVE_INFINITY);
    case "object":
      return compileObject(compilePlans(def.fields ?? [], env));
    case "array":
      return compileArray(compileValue(def.element ?? { type: "json" }, env));
    case "json":
      return decodeJson;
    case "int":
      return decodeInt;
    case "bigint":
      return decodeBigint;
    case "float":
      return decodeFloat;
    case "boolean":
      return decodeBoolean;
  }
}

function compilePlans(fields: readonly FieldDefinition[], env: CompileEnv): FieldPlan[] {
  return fields.map((field) => ({
    name: field.name,
    required: field.required === true,
    ownOnly: field.name in Object.prototype,
    expected: expectedOf(field),
    decode: compileValue(field, env),
  }));
}

/**
 * Event-time precedence: shallower fields first, then schema order. For Rapid7.AuditLog that makes
 * the top-level `time` beat `service_info.event.timestamp`, although the latter is declared first.
 */
function rankEventTimeFields(fields: readonly FieldDefinition[]): {
  ranks: Map<ValueDefinition, number>;
  paths: string[];
} {
  const found: { def: ValueDefinition; path: string; depth: number; order: number }[] = [];
  let order = 0;
  const walk = (defs: readonly FieldDefinition[], prefix: string, depth: number) => {
    for (const def of defs) {
      const path = prefix + def.name;
      if (def.type === "timestamp" && def.isEventTime) found.push({ def, path, depth, order: order++ });
      if (def.type === "object" && def.fields) walk(def.fields, path + ".", depth + 1);
    }
  };
  walk(fields, "", 0);
  found.sort((a, b) => a.depth - b.depth || a.order - b.order);
  return { ranks: new Map(found.map((f, i) => [f.def, i])), paths: found.map((f) => f.path) };
}

function collectIndicatorKinds(def: ValueDefinition, into: Set<IndicatorKind>): void {
  for (const kind of def.indicators ?? []) into.add(kind);
  for (const child of def.fields ?? []) collectIndicatorKinds(child, into);
  if (def.element) collectIndicatorKinds(def.element, into);
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

/** Explicit `index:` entries win; otherwise a top-level scalar field named like the column. */
function resolveIndexFields(schema: SchemaDefinition): Record<IndexColumn, string | null> {
  const result = {} as Record<IndexColumn, string | null>;
  for (const column of INDEX_COLUMNS) {
    const explicit = schema.index?.[column];
    if (explicit !== undefined) {
      result[column] = explicit;
      continue;
    }
    const candidate = [snakeCase(column), column].find((name) => {
      const field = schema.fields.find((f) => f.name === name);
      return field !== undefined && INDEXABLE_TYPES.has(field.type);
    });
    result[column] = candidate ?? null;
  }
  return result;
}

function compileIndexGetter(path: string | null): ((record: Record<string, unknown>) => string | null) | null {
  if (path === null) return null;
  const segments = path.split(".");
  return (record) => {
    let v: unknown = record;
    for (let i = 0; i < segments.length; i++) {
      if (typeof v !== "object" || v === null) return null;
      v = (v as Record<string, unknown>)[segments[i]!];
    }
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return null;
  };
}

/** Compiles an already validated definition (see parseSchemaDefinition in load-schemas.ts). */
export function compileLogType(definition: SchemaDefinition, sourceFile?: string): CompiledLogType {
  const { ranks, paths } = rankEventTimeFields(definition.fields);

  const kinds = new Set<IndicatorKind>();
  for (const field of definition.fields) collectIndicatorKinds(field, kinds);
  // email and username always have slots: the event store indexes them for every log type.
  const used = new Set<PAnyField>(["p_any_emails", "p_any_usernames"]);
  for (const kind of kinds) for (const target of targetsOf(kind)) used.add(target);
  const slots = P_ANY_FIELDS.filter((f) => used.has(f));

  const env: CompileEnv = {
    eventRanks: ranks,
    slotOf: (field) => slots.indexOf(field),
  };
  const root = compileObject(compilePlans(definition.fields, env));

  const indexFields = resolveIndexFields(definition);
  for (const column of INDEX_COLUMNS) {
    const path = indexFields[column];
    if (path !== null && !resolveFieldPath(definition.fields, path)) indexFields[column] = null;
  }
  const index = Object.fromEntries(
    INDEX_COLUMNS.map((column) => [column, compileIndexGetter(indexFields[column])]),
  ) as LogTypeProgram["index"];

  return Object.freeze({
    name: definition.schema,
    description: definition.description,
    referenceURL: definition.referenceURL,
    sourceFile,
    definition,
    eventTimeFields: paths,
    indexFields: Object.freeze(indexFields),
    program: Object.freeze({
      decodeRoot: root as LogTypeProgram["decodeRoot"],
      slots,
      emailSlot: slots.indexOf("p_any_emails"),
      usernameSlot: slots.indexOf("p_any_usernames"),
      index,
    }),
  });
}
