/** Every field type, coercion rule and standard-field rule, on an inline test schema. */
import { describe, expect, it } from "vitest";
import { compileLogType, normalizeRaw, normalizeRecord, parseSchemaText } from "@/lib/logtypes";
import { ctx, expectFailure, expectOk } from "./helpers";

const YAML = `
schema: Test.AllTypes
fields:
  - name: id
    required: true
    type: string
  - name: name
    type: string
  - name: count
    type: int
  - name: big
    type: bigint
  - name: ratio
    type: float
  - name: enabled
    type: boolean
  - name: tags
    type: array
    element:
      type: string
  - name: peers
    type: array
    element:
      type: string
      indicators: [ip]
  - name: items
    type: array
    element:
      type: object
      fields:
        - name: sku
          required: true
          type: string
        - name: qty
          type: int
  - name: blob
    type: json
  - name: seconds
    type: timestamp
    timeFormats: [unix]
  - name: micros
    type: timestamp
    timeFormats: [unix_us]
  - name: nanos
    type: timestamp
    timeFormats: [unix_ns]
  - name: either
    type: timestamp
    timeFormats: [rfc3339, unix_ms]
  - name: meta
    type: object
    fields:
      - name: created
        type: timestamp
        timeFormats: [rfc3339]
        isEventTime: true
      - name: owner
        required: true
        type: string
        indicators: [email, username]
  - name: host
    type: string
    indicators: [hostname]
  - name: addr
    type: string
    indicators: [net_addr]
  - name: link
    type: string
    indicators: [url]
  - name: hash
    type: string
    indicators: [md5, sha256]
  - name: constructor
    type: string
  - name: when
    type: timestamp
    timeFormats: [rfc3339]
    isEventTime: true
`;

const logType = compileLogType(parseSchemaText(YAML, "inline.yml"));
const ok = (value: Record<string, unknown>) => expectOk(normalizeRecord(logType, { id: "r1", ...value }, ctx));
const bad = (value: Record<string, unknown>) => expectFailure(normalizeRecord(logType, { id: "r1", ...value }, ctx));

describe("scalar types", () => {
  it("int: integers and integer strings in the 32-bit range; '' is absent", () => {
    expect(ok({ count: 7 }).record.count).toBe(7);
    expect(ok({ count: "-0042" }).record.count).toBe(-42);
    expect(ok({ count: 2147483647 }).record.count).toBe(2147483647);
    expect("count" in ok({ count: "" }).record).toBe(false);
    expect(bad({ count: 2147483648 }).reason).toBe(
      'Field "count" must be an integer between -2147483648 and 2147483647 (number or numeric string), but got 2147483648 (not a 32-bit integer).',
    );
    expect(bad({ count: 1.5 }).code).toBe("invalid_value");
    expect(bad({ count: "12abc" }).code).toBe("invalid_value");
    expect(bad({ count: "99999999999" }).code).toBe("invalid_value");
    expect(bad({ count: true }).code).toBe("invalid_type");
  });

  it("bigint: emitted as a decimal string, exact for strings, int64 range", () => {
    expect(ok({ big: 42 }).record.big).toBe("42");
    expect(ok({ big: "9223372036854775807" }).record.big).toBe("9223372036854775807");
    expect(ok({ big: "-9223372036854775808" }).record.big).toBe("-9223372036854775808");
    expect(ok({ big: "+0007" }).record.big).toBe("7");
    expect(ok({ big: "-0" }).record.big).toBe("0");
    expect(ok({ big: 2 ** 60 }).record.big).toBe("1152921504606846976");
    expect(bad({ big: "9223372036854775808" }).reason).toContain("(out of the 64-bit range)");
    expect(bad({ big: 2 ** 64 }).reason).toContain("(out of the 64-bit range)");
    expect(bad({ big: "1.0" }).code).toBe("invalid_value");
    expect(bad({ big: {} }).code).toBe("invalid_type");
  });

  it("float: finite numbers and numeric strings", () => {
    expect(ok({ ratio: 0.25 }).record.ratio).toBe(0.25);
    expect(ok({ ratio: "-1.5e3" }).record.ratio).toBe(-1500);
    expect(ok({ ratio: ".5" }).record.ratio).toBe(0.5);
    expect(bad({ ratio: "NaN" }).code).toBe("invalid_value");
    expect(bad({ ratio: "0x1A" }).code).toBe("invalid_value");
    expect(bad({ ratio: "1e999" }).reason).toContain("(too large)");
    expect(bad({ ratio: Number.POSITIVE_INFINITY }).code).toBe("invalid_value");
    expect(bad({ ratio: [1] }).code).toBe("invalid_type");
  });

  it("boolean: booleans and Go ParseBool strings", () => {
    expect(ok({ enabled: false }).record.enabled).toBe(false);
    expect(ok({ enabled: "TRUE" }).record.enabled).toBe(true);
    expect(ok({ enabled: "0" }).record.enabled).toBe(false);
    expect(bad({ enabled: "yes" }).code).toBe("invalid_value");
    expect(bad({ enabled: 1 }).code).toBe("invalid_type");
  });

  it("string: numbers become their JavaScript text, objects are rejected", () => {
    expect(ok({ name: 1e21 }).record.name).toBe("1e+21");
    expect(ok({ name: -0.5 }).record.name).toBe("-0.5");
    expect(ok({ name: false }).record.name).toBe("false");
    expect(bad({ name: Number.NaN }).code).toBe("invalid_type");
    expect(bad({ name: { a: 1 } }).field).toBe("name");
  });
});

describe("containers", () => {
  it("arrays: elements decoded in place, null elements kept as null, paths with [i]", () => {
    expect(ok({ tags: ["a", 1, null, true] }).record.tags).toEqual(["a", "1", null, "true"]);
    const failure = bad({ tags: ["a", "b", { c: 1 }] });
    expect(failure.field).toBe("tags[2]");
    expect(failure.reason).toBe('Field "tags[2]" must be a string, but got an object.');
    expect(bad({ tags: "a,b" }).reason).toBe('Field "tags" must be an array, but got "a,b".');
  });

  it("arrays of objects: required children are enforced per element", () => {
    expect(ok({ items: [{ sku: "A", qty: "2", junk: 1 }, { sku: "B" }] }).record.items).toEqual([
      { sku: "A", qty: 2 },
      { sku: "B" },
    ]);
    const failure = bad({ items: [{ sku: "A" }, { qty: 1 }] });
    expect(failure.field).toBe("items[1].sku");
    expect(failure.reason).toBe('Field "items[1].sku" is required but missing.');
  });

  it("json: kept untouched from normalizeRaw (same structure, any shape)", () => {
    const blob = { nested: [1, "two", { three: null }], "weird key": { __proto__: "kept as data" } };
    const raw = JSON.stringify({ id: "r1", blob });
    const event = expectOk(normalizeRaw(logType, raw, ctx));
    expect(event.record.blob).toEqual(JSON.parse(JSON.stringify(blob)));
    expect(expectOk(normalizeRaw(logType, '{"id":"r1","blob":42}', ctx)).record.blob).toBe(42);
    expect(expectOk(normalizeRaw(logType, '{"id":"r1","blob":"s"}', ctx)).record.blob).toBe("s");
  });

  it("json from normalizeRecord: rejects values JSON cannot carry", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(bad({ blob: cyclic }).reason).toContain("(nested too deeply (or circular))");
    expect(bad({ blob: { n: 10n } }).reason).toContain("(contains a bigint)");
    expect(bad({ blob: { f: () => 1 } }).reason).toContain("(contains a function)");
    expect(bad({ blob: { d: new Date(0) } }).reason).toContain("(contains a non-plain object)");
    expect(bad({ blob: [Number.NaN] }).reason).toContain("(contains a non-finite number)");
    expect(ok({ blob: { u: undefined, ok: [undefined, 1] } }).record.blob).toEqual({
      u: undefined,
      ok: [undefined, 1],
    });
  });

  it("a required child of an absent optional object is not enforced", () => {
    expect("meta" in ok({}).record).toBe(false);
    expect(bad({ meta: { created: "2024-01-01T00:00:00Z" } }).field).toBe("meta.owner");
  });

  it("reads only own properties for names that Object.prototype also has", () => {
    expect(Object.hasOwn(ok({}).record, "constructor")).toBe(false);
    expect(ok({ constructor: "mine" }).record.constructor).toBe("mine");
    expect(expectOk(normalizeRaw(logType, '{"id":"r1","constructor":"c"}', ctx)).record.constructor).toBe("c");
  });
});

describe("timestamps", () => {
  it("tries the formats in order", () => {
    expect(ok({ either: "2024-05-30T09:20:00.901Z" }).record.either).toBe("2024-05-30T09:20:00.901Z");
    expect(ok({ either: 1717060800901 }).record.either).toBe("2024-05-30T09:20:00.901Z");
    expect(ok({ either: "1717060800901" }).record.either).toBe("2024-05-30T09:20:00.901Z");
    const failure = bad({ either: "soon" });
    expect(failure.expected).toBe(
      'an RFC 3339 timestamp string such as "2024-05-30T09:20:00.901Z" or Unix milliseconds (integer or integer string)',
    );
    expect(failure.reason).toContain("(not in that format)");
  });

  it("unix, unix_us and unix_ns", () => {
    const r = ok({ seconds: 1717060800.25, micros: "1717060800901999", nanos: 1717060800901000000 }).record;
    expect(r.seconds).toBe("2024-05-30T09:20:00.250Z");
    expect(r.micros).toBe("2024-05-30T09:20:00.901Z");
    expect(r.nanos).toBe("2024-05-30T09:20:00.901Z");
  });
});

describe("event time precedence", () => {
  it("lists event time fields shallow-first, then in schema order", () => {
    expect(logType.eventTimeFields).toEqual(["when", "meta.created"]);
  });

  it("prefers the top-level field, falls back to the nested one, then to the parse time", () => {
    const both = ok({ when: "2024-01-01T00:00:00Z", meta: { created: "2023-01-01T00:00:00Z", owner: "o@x.io" } });
    expect(both.record.p_event_time).toBe("2024-01-01T00:00:00.000Z");
    const nested = ok({ meta: { created: "2023-01-01T00:00:00Z", owner: "o@x.io" } });
    expect(nested.record.p_event_time).toBe("2023-01-01T00:00:00.000Z");
    expect(nested.eventTime).toEqual(new Date("2023-01-01T00:00:00Z"));
    const none = ok({});
    expect(none.record.p_event_time).toBe("2024-05-31T08:00:00.000Z");
    expect(none.eventTime).toEqual(ctx.parseTime);
    // A timestamp without isEventTime never becomes the event time.
    expect(ok({ either: 0 }).record.p_event_time).toBe("2024-05-31T08:00:00.000Z");
  });
});

describe("indicators", () => {
  it("routes hostname, net_addr and url values to IPs or domains, deduplicated and sorted", () => {
    const event = ok({
      host: "db.internal.example.com",
      addr: "[2001:db8::1]:443",
      link: "https://10.4.2.111:8443/path?q=1",
      peers: ["10.0.0.2", " 10.0.0.1 ", "not-an-ip", "10.0.0.2", null],
      meta: { owner: "zed@example.com", created: "2024-01-01T00:00:00Z" },
    });
    expect(event.record.p_any_ip_addresses).toEqual(["10.0.0.1", "10.0.0.2", "10.4.2.111", "2001:db8::1"]);
    expect(event.record.p_any_domain_names).toEqual(["db.internal.example.com"]);
    expect(event.record.p_any_emails).toEqual(["zed@example.com"]);
    // One field can carry two indicators.
    expect(event.record.p_any_usernames).toEqual(["zed@example.com"]);
    expect(event.index.emails).toEqual(["zed@example.com"]);
    expect(event.index.usernames).toEqual(["zed@example.com"]);
  });

  it("feeds one value to several hash kinds and drops blank values", () => {
    const event = ok({ hash: "d41d8cd98f00b204e9800998ecf8427e", host: "   ", link: "not a url" });
    expect(event.record.p_any_md5_hashes).toEqual(["d41d8cd98f00b204e9800998ecf8427e"]);
    expect(event.record.p_any_sha256_hashes).toEqual(["d41d8cd98f00b204e9800998ecf8427e"]);
    expect("p_any_domain_names" in event.record).toBe(false);
    expect("p_any_ip_addresses" in event.record).toBe(false);
  });

  it("puts schema fields in schema order (not input order), then p_ fields in a fixed order", () => {
    const event = ok({ when: "2024-01-01T00:00:00Z", hash: "abc", meta: { owner: "a@b.c" }, name: "n" });
    expect(Object.keys(event.record)).toEqual([
      "id",
      "name",
      "meta",
      "hash",
      "when",
      "p_log_type",
      "p_row_id",
      "p_event_time",
      "p_parse_time",
      "p_source_id",
      "p_source_label",
      "p_any_emails",
      "p_any_usernames",
      "p_any_md5_hashes",
      "p_any_sha256_hashes",
    ]);
  });
});

describe("index columns", () => {
  it("falls back to the row id for auditId and '' for action when the log type has neither", () => {
    const event = ok({});
    expect(logType.indexFields).toEqual({
      auditId: null,
      action: null,
      result: null,
      product: null,
      description: null,
    });
    expect(event.index.auditId).toBe(event.rowId);
    expect(event.index.action).toBe("");
    expect(event.index.result).toBeNull();
  });
});
