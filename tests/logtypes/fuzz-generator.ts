/**
 * Seeded Rapid7 audit records, each either valid or carrying exactly one known defect,
 * with what normalizing (and storing) each must give. Expected values are computed from
 * the generator's own inputs, never by the code under test. Used by the normalizer fuzz
 * test and by the storage fuzz test that takes the same records into PostgreSQL.
 */
import { mulberry32 } from "../helpers/prng";

export type Expectation =
  | { kind: "ok"; auditId: string; action: string; eventTime: string; eventTimestamp?: string }
  | { kind: "fail"; code: string; field?: string };

/** What PostgreSQL can store of a string: NUL and lone surrogates become U+FFFD (written apart from lib/logtypes on purpose). */
export function storedAs(text: string): string {
  return text.replace(/\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

export interface Case {
  label: string;
  /** -1 for a valid record, else the index of the defect applied. */
  defect: number;
  raw: string;
  expect: Expectation;
}

export function generator(seed: number) {
  const rand = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const chance = (p: number) => rand() < p;
  const pad = (n: number, width: number) => String(n).padStart(width, "0");

  const RANGES: [number, number][] = [
    [0x20, 0x7e],
    [0xa0, 0x24f],
    [0x4e00, 0x4fff],
    [0x1f300, 0x1f6ff],
    [0x0590, 0x06ff],
    [0x0300, 0x036f],
    [0, 0x1f],
  ];
  function text(maxLen = 24): string {
    const len = int(0, maxLen);
    let s = "";
    for (let i = 0; i < len; i++) {
      if (chance(0.01))
        s += String.fromCharCode(int(0xd800, 0xdfff)); // lone surrogate
      else {
        const [lo, hi] = pick(RANGES);
        s += String.fromCodePoint(int(lo, hi));
      }
    }
    return s;
  }
  const hugeText = () => pick(["a", "ж", "🧨", '\\"', "\u0000"]).repeat(int(100_000, 400_000));

  function junk(depth: number): unknown {
    if (depth <= 0 || chance(0.3))
      return pick([null, true, false, int(-1e6, 1e6), rand() * 1e9, text(), "", "__proto__"]);
    if (chance(0.5)) return Array.from({ length: int(0, 4) }, () => junk(depth - 1));
    const o: Record<string, unknown> = {};
    for (let i = int(0, 4); i > 0; i--)
      o[pick(["__proto__", "constructor", "prototype", "toString", text(8), "k" + i])] = junk(depth - 1);
    return o;
  }
  /** Deep values are spliced in as text: JSON.stringify itself recurses and would overflow. */
  const pendingDeep = new Map<string, string>();
  function deepText(depth: number, outerArray: boolean): string {
    let open = "";
    let close = "";
    for (let i = 0; i < depth; i++) {
      const array = (outerArray && i === 0) || chance(0.5);
      open += array ? "[" : '{"n":';
      close = (array ? "]" : "}") + close;
    }
    return open + JSON.stringify(text()) + close;
  }
  function deepJunk(depth: number, outerArray = false): string {
    const placeholder = `\u0000deep${pendingDeep.size}\u0000`;
    pendingDeep.set(placeholder, deepText(depth, outerArray));
    return placeholder;
  }
  const serialize = (r: unknown) => {
    let json = JSON.stringify(r);
    for (const [placeholder, deep] of pendingDeep) json = json.replace(JSON.stringify(placeholder), deep);
    pendingDeep.clear();
    return json;
  };

  /** RFC 3339 text plus the UTC result computed independently (Date.UTC, not the parser). */
  function rfc3339(): { text: string; iso: string } {
    const second = int(0, 4_102_444_799) * 1000; // 1970..2099
    const digits = int(0, 9);
    let frac = "";
    for (let i = 0; i < digits; i++) frac += String(int(0, 9));
    const millis = digits === 0 ? 0 : Number(frac.slice(0, 3).padEnd(3, "0"));
    const offset = chance(0.4) ? 0 : int(-23 * 60 - 59, 23 * 60 + 59);
    const local = new Date(second + offset * 60_000);
    const tz =
      offset === 0 && chance(0.7)
        ? pick(["Z", "z", "Z"])
        : `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60), 2)}:${pad(Math.abs(offset) % 60, 2)}`;
    const body =
      `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}` +
      `${pick(["T", "T", "t"])}${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}`;
    return { text: body + (digits > 0 ? "." + frac : "") + tz, iso: new Date(second + millis).toISOString() };
  }

  const email = () => `${text(6).replace(/[^a-z]/gi, "") || "u"}${int(1, 999)}@example.com`;

  function validRecord() {
    const record: Record<string, any> = {};
    const action = chance(0.9)
      ? pick(["LOG_CREATED", "LOG_UPDATED", "ACTIVATE_COLLECTOR", "SAVE_POLICY", text()])
      : int(-5, 5000);
    const auditId = chance(0.95) ? `${int(0, 0xffffffff).toString(16)}-${int(0, 0xffff).toString(16)}` : text(40);
    const time = rfc3339();
    const fields: [string, () => unknown][] = [
      ["action", () => action],
      ["audit_id", () => auditId],
      ["result", () => pick(["SUCCESS", "FAILURE", text(), null])],
      ["access_method", () => pick(["UI", "API", "AUTOMATION", null, true])],
      ["product", () => pick(["IDR", "IVM", "PLATFORM", text(), 7])],
      ["description", () => (chance(0.002) ? hugeText() : pick([text(80), null, ""]))],
      ["time", () => time.text],
    ];
    let eventTimestamp: string | undefined;
    if (chance(0.8)) {
      const ms = int(0, 4_102_444_799_999);
      const event: Record<string, unknown> = { type: pick(["AUDIT_EVENT", text()]) };
      if (chance(0.8)) {
        event.timestamp = chance(0.7) ? ms : String(ms);
        eventTimestamp = new Date(ms).toISOString();
      }
      if (chance(0.5)) event.updatedBy = pick([email(), null, "", "   "]);
      if (chance(0.5))
        event.initiatorIdentification = {
          email: pick([email(), null]),
          userId: text(10),
          apiKeyId: chance(0.5) ? text(5) : null,
        };
      if (chance(0.3)) event.correlationId = text(36);
      const serviceInfo: Record<string, unknown> = { type: "AUDIT", event: chance(0.05) ? null : event };
      if (serviceInfo.event === null) eventTimestamp = undefined;
      if (chance(0.5)) serviceInfo.previousEntry = chance(0.02) ? deepJunk(int(100, 511)) : junk(4);
      fields.push(["service_info", () => serviceInfo]);
    }
    if (chance(0.7))
      fields.push([
        "request",
        () => ({ user: { email: pick([email(), null]), name: pick([text(12), null, "Alice Admin"]) } }),
      ]);
    // Schema fields in random order, unknown fields mixed in.
    for (const [key, make] of fields.sort(() => rand() - 0.5)) {
      record[key] = make();
      if (chance(0.1))
        record[pick(["__proto__", "constructor", "extra", "p_row_id", "p_event_time", text(6)])] = junk(3);
    }
    const expectation: Expectation =
      storedAs(auditId).trim() === ""
        ? { kind: "fail", code: "invalid_value", field: "audit_id" }
        : {
            kind: "ok",
            auditId: storedAs(auditId),
            action: storedAs(String(action)),
            eventTime: time.iso,
            ...(eventTimestamp ? { eventTimestamp } : {}),
          };
    return { record, expectation };
  }

  type Defect = (r: Record<string, any>) => { label: string; field?: string; code: string; raw?: string };
  const objectLike = () => pick<unknown>([{ x: 1 }, [1, 2], [], {}]);
  const nonObject = () => pick<unknown>(["AUDIT", 0, 12.5, true, false, [], [{ a: 1 }], "[]"]);
  const BAD_TIMES = [
    "",
    "2024-02-30T00:00:00Z",
    "2023-02-29T12:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-05-30T24:00:00Z",
    "2024-05-30T12:00:00",
    "2024-05-30 12:00:00Z",
    "2024-05-30T12:00:00.1234567890Z",
    "2024-05-30T12:00:00+24:00",
    "30/05/2024",
    "now",
    "0000-01-01T00:00:00+00:30",
  ];

  const defects: Defect[] = [
    (r) => {
      const field = pick(["action", "audit_id", "time"]);
      delete r[field];
      return { label: `missing ${field}`, field, code: "missing_required" };
    },
    (r) => {
      const field = pick(["action", "audit_id", "time"]);
      r[field] = null;
      return { label: `null ${field}`, field, code: "missing_required" };
    },
    (r) => {
      const field = pick(["action", "audit_id", "result", "access_method", "product", "description"]);
      r[field] = objectLike();
      return { label: `mistyped ${field}`, field, code: "invalid_type" };
    },
    (r) => {
      r.time = pick<unknown>([1717060800901, true, { t: 1 }, ["2024-05-30T00:00:00Z"]]);
      return { label: "mistyped time", field: "time", code: "invalid_type" };
    },
    (r) => {
      r.time = pick(BAD_TIMES);
      return { label: `bad time ${JSON.stringify(r.time)}`, field: "time", code: "invalid_value" };
    },
    (r) => {
      r.time = text(30) + "x"; // cannot be RFC 3339 (too short or wrong shape)
      return { label: "garbage time", field: "time", code: "invalid_value" };
    },
    (r) => {
      r.service_info = nonObject();
      return { label: "mistyped service_info", field: "service_info", code: "invalid_type" };
    },
    (r) => {
      r.service_info = { type: "AUDIT", event: nonObject() };
      return { label: "mistyped service_info.event", field: "service_info.event", code: "invalid_type" };
    },
    (r) => {
      r.service_info = { event: { timestamp: pick<unknown>([true, { ms: 1 }, [1]]) } };
      return { label: "mistyped event timestamp", field: "service_info.event.timestamp", code: "invalid_type" };
    },
    (r) => {
      r.service_info = { event: { timestamp: pick<unknown>(["12a3", "1.5", 1.5, 1e20, "-", "0x1F", " 1"]) } };
      return { label: "bad event timestamp", field: "service_info.event.timestamp", code: "invalid_value" };
    },
    (r) => {
      r.service_info = { event: { initiatorIdentification: { email: objectLike() } } };
      return {
        label: "mistyped initiator email",
        field: "service_info.event.initiatorIdentification.email",
        code: "invalid_type",
      };
    },
    (r) => {
      r.request = pick<unknown>([nonObject(), { user: nonObject() }]);
      const field =
        typeof r.request === "object" && r.request !== null && !Array.isArray(r.request) ? "request.user" : "request";
      return { label: `mistyped ${field}`, field, code: "invalid_type" };
    },
    (r) => {
      r.request = { user: { name: objectLike() } };
      return { label: "mistyped request.user.name", field: "request.user.name", code: "invalid_type" };
    },
    (r) => {
      r.service_info = deepJunk(int(1, 5_000), true);
      return { label: "deep junk as service_info", field: "service_info", code: "invalid_type" };
    },
    (r) => {
      r.service_info = { type: "AUDIT", previousEntry: deepJunk(int(513, 5_000)) };
      return { label: "json nested too deeply", field: "service_info.previousEntry", code: "invalid_value" };
    },
    (r) => {
      r[pick(["junk", "__proto__", "constructor"])] = deepJunk(int(1, 5_000));
      return { label: "deep junk in an unknown field", code: "ok" };
    },
    (r) => {
      const raw = serialize(r);
      return { label: "truncated JSON", code: "invalid_json", raw: raw.slice(0, int(0, raw.length - 1)) };
    },
    (r) => ({
      label: "trailing garbage",
      code: "invalid_json",
      raw: serialize(r) + pick(["x", "}", ",", " {}", "\u0000"]),
    }),
    () => ({
      label: "plain text",
      code: "invalid_json",
      raw: pick(["User alice logged in", "ERROR: boom", "<xml/>", "", "   ", "'quoted'"]) + text(40),
    }),
    () => ({
      label: "non-object JSON",
      code: "not_an_object",
      raw: JSON.stringify(pick<unknown>([0, -1.5, "str", null, true, [], [1, { a: 2 }], text()])),
    }),
  ];

  next.defectCount = defects.length;
  return next;
  function next(i: number): Case {
    const { record, expectation } = validRecord();
    if (chance(0.45)) return { label: `#${i} valid`, defect: -1, raw: serialize(record), expect: expectation };
    const defectIndex = int(0, defects.length - 1);
    const defect = defects[defectIndex]!(record);
    const raw = defect.raw ?? serialize(record);
    return {
      label: `#${i} ${defect.label}`,
      defect: defectIndex,
      raw,
      expect:
        defect.code === "ok"
          ? expectation
          : { kind: "fail", code: defect.code, ...(defect.field ? { field: defect.field } : {}) },
    };
  }
}
