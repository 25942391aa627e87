/** Hostile and odd inputs: nothing throws, nothing leaks into Object.prototype, inputs stay untouched. */
import { afterEach, describe, expect, it } from "vitest";
import { getLogType, normalizeRaw, normalizeRecord, type NormalizeContext } from "@/lib/logtypes";
import { ctx, expectFailure, expectOk, readMessage } from "./helpers";

const logType = getLogType("Rapid7.AuditLog");
const base = () => JSON.parse(readMessage("messages/activate-collector.json")) as Record<string, any>;
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe("prototype pollution", () => {
  it("treats __proto__ / constructor / prototype keys as data at every level", () => {
    const raw = readMessage("messages/activate-collector.json")
      .replace(
        /^\{/,
        `{"__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"ctor"}},"prototype":{"polluted":1},`,
      )
      .replace(
        '"service_info":{',
        '"service_info":{"__proto__":{"polluted":"nested"},"previousEntry":{"__proto__":{"polluted":"json"},"constructor":{"prototype":{"polluted":2}}},',
      );
    const event = expectOk(normalizeRaw(logType, raw, ctx));
    expect(Object.getPrototypeOf(event.record)).toBe(Object.prototype);
    expect(Object.hasOwn(event.record, "__proto__")).toBe(false);
    expect(Object.hasOwn(event.record, "constructor")).toBe(false);
    const serviceInfo = event.record.service_info as Record<string, any>;
    expect(Object.getPrototypeOf(serviceInfo)).toBe(Object.prototype);
    // The json field keeps the keys as plain own data, exactly as JSON.parse produced them.
    expect(Object.hasOwn(serviceInfo.previousEntry, "__proto__")).toBe(true);
    expect(JSON.parse(JSON.stringify(serviceInfo.previousEntry))).toEqual(
      JSON.parse('{"__proto__":{"polluted":"json"},"constructor":{"prototype":{"polluted":2}}}'),
    );
    expect((serviceInfo.previousEntry as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("overrides p_ fields smuggled into the input", () => {
    const record = base();
    record.p_log_type = "Evil.Type";
    record.p_row_id = "0".repeat(32);
    record.p_event_time = "1999-01-01T00:00:00.000Z";
    record.p_any_emails = ["forged@example.com"];
    const event = expectOk(normalizeRecord(logType, record, ctx));
    expect(event.record.p_log_type).toBe("Rapid7.AuditLog");
    expect(event.record.p_row_id).not.toBe("0".repeat(32));
    expect(event.record.p_event_time).toBe("2024-05-30T10:02:11.120Z");
    expect(event.record.p_any_emails).toEqual(["bob@example.com"]);
  });
});

describe("size and depth", () => {
  it("ignores deep junk in unknown fields and keeps a json field nested up to 512 levels", () => {
    const depth = 100_000;
    const raw = readMessage("messages/activate-collector.json").replace(
      '"service_info":{',
      `"junk":{"a":${"[".repeat(depth)}${"]".repeat(depth)}},"service_info":{"previousEntry":${"[".repeat(511)}1${"]".repeat(511)},`,
    );
    const event = expectOk(normalizeRaw(logType, raw, ctx));
    expect("junk" in event.record).toBe(false);
    expect(JSON.stringify((event.record.service_info as any).previousEntry)).toBe(
      `${"[".repeat(511)}1${"]".repeat(511)}`,
    );
  });

  it("rejects a json field nested so deeply that JSON.stringify or jsonb could not take it", () => {
    const depth = 100_000;
    const raw = readMessage("messages/activate-collector.json").replace(
      '"service_info":{',
      `"service_info":{"previousEntry":${'[{"a":'.repeat(depth)}1${"}]".repeat(depth)},`,
    );
    const failure = expectFailure(normalizeRaw(logType, raw, ctx));
    expect(failure.field).toBe("service_info.previousEntry");
    expect(failure.reason).toBe(
      'Field "service_info.previousEntry" must be a JSON value, but got an array (nested too deeply (or circular)).',
    );
  });

  it("rejects deep nesting where an object is expected", () => {
    const raw = readMessage("messages/activate-collector.json").replace(
      /"request":\{"user":\{[^}]*\}\}/,
      `"request":${"[".repeat(50_000)}${"]".repeat(50_000)}`,
    );
    const failure = expectFailure(normalizeRaw(logType, raw, ctx));
    expect(failure.field).toBe("request");
    expect(failure.code).toBe("invalid_type");
  });

  it("rejects a json field nested past 512 levels from normalizeRecord too", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 600; i++) deep = [deep];
    const record = base();
    record.service_info.previousEntry = deep;
    expect(expectFailure(normalizeRecord(logType, record, ctx)).field).toBe("service_info.previousEntry");
  });

  it("handles a 32 MB description and 100,000 unknown keys", () => {
    const record = base();
    record.description = "é".repeat(32 * 1024 * 1024);
    for (let i = 0; i < 100_000; i++) record[`k${i}`] = i;
    const event = expectOk(normalizeRaw(logType, JSON.stringify(record), ctx));
    expect((event.record.description as string).length).toBe(32 * 1024 * 1024);
    expect(Object.keys(event.record)).toHaveLength(9 + 8);
  });

  it("keeps unicode byte for byte, but stores NUL and lone surrogates (which PostgreSQL text and json cannot hold) as U+FFFD", () => {
    const record = base();
    record.description = "NUL\u0000 RTL\u202e emoji 🧨 CJK 漢字 combining e\u0301 lone \ud800 end";
    record.request.user.name = "Zoë \udfff";
    record.request.user.email = "nul\u0000@example.com";
    record.service_info.previousEntry = { "k\u0000ey": ["x\ud800", { ok: "pair \ud83e\udde8" }] };
    const raw = JSON.stringify(record);
    const event = expectOk(normalizeRaw(logType, raw, ctx));
    expect(event.record.description).toBe("NUL\ufffd RTL\u202e emoji 🧨 CJK 漢字 combining e\u0301 lone \ufffd end");
    expect(event.record.p_any_usernames).toEqual(["Zoë \ufffd"]);
    expect(event.record.p_any_emails).toContain("nul\ufffd@example.com");
    expect(event.index.description).toBe(event.record.description);
    expect(event.index.usernames).toEqual(["Zoë \ufffd"]);
    expect(event.index.emails).toContain("nul\ufffd@example.com");
    expect((event.record.service_info as any).previousEntry).toEqual({ "k\ufffdey": ["x\ufffd", { ok: "pair 🧨" }] });
    const stored = JSON.stringify(event.record);
    expect(stored.isWellFormed()).toBe(true);
    expect(stored).not.toMatch(/\\u0000|\\ud[89a-f]/i);

    // Built in code: the caller's object is left as it was.
    const fromCode = expectOk(normalizeRecord(logType, record, ctx));
    expect(fromCode.record.description).toBe(event.record.description);
    expect(record.description).toContain("\u0000");
    expect(Object.keys(record.service_info.previousEntry)).toEqual(["k\u0000ey"]);
  });
});

describe("never throws", () => {
  it.each([
    ["a number", 42],
    ["undefined", undefined],
    ["null", null],
    ["a Buffer", Buffer.from("{}")],
    ["an object", { action: "x" }],
  ])("normalizeRaw with %s instead of a string", (_label, raw) => {
    const failure = expectFailure(normalizeRaw(logType, raw as unknown as string, ctx));
    expect(failure.code).toBe("invalid_json");
    expect(failure.reason).toMatch(/^The message must be a string of JSON, but it is /);
  });

  it.each([
    ["a Map", new Map([["action", "x"]])],
    ["a Date", new Date()],
    [
      "a class instance",
      new (class Audit {
        action = "x";
        audit_id = "y";
        time = "2024-05-30T10:02:11.120Z";
      })(),
    ],
    ["a function", () => ({})],
    ["a symbol", Symbol("x")],
    ["a bigint", 10n],
  ])("normalizeRecord with %s", (_label, value) => {
    const failure = expectFailure(normalizeRecord(logType, value, ctx));
    expect(failure.code).toBe("not_an_object");
  });

  it("accepts a null-prototype object from normalizeRecord", () => {
    const record = Object.assign(Object.create(null) as Record<string, unknown>, base());
    expect(expectOk(normalizeRecord(logType, record, ctx)).index.action).toBe("ACTIVATE_COLLECTOR");
  });

  it("turns throwing getters and Proxy traps into failures", () => {
    const record = base();
    Object.defineProperty(record, "audit_id", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const failure = expectFailure(normalizeRecord(logType, record, ctx));
    expect(failure.code).toBe("internal");
    expect(failure.reason).toContain("boom");

    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
        getPrototypeOf() {
          return Object.prototype;
        },
      },
    );
    expect(expectFailure(normalizeRecord(logType, trap, ctx)).reason).toContain("trap");
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expect(expectFailure(normalizeRecord(logType, revocable.proxy, ctx)).code).toBe("internal");
  });

  it("produces a rawPayload even for values JSON.stringify cannot handle", () => {
    const cyclic: Record<string, unknown> = { action: "x" };
    cyclic.self = cyclic;
    const failure = expectFailure(normalizeRecord(logType, cyclic, ctx));
    expect(failure.rawPayload).toBe("[object Object]");
    expect(failure.field).toBe("audit_id");
  });

  it.each([
    ["missing context", undefined],
    ["invalid parse time", { ...ctx, parseTime: new Date(Number.NaN) }],
    ["parse time as a string", { ...ctx, parseTime: "2024-01-01" }],
    ["numeric source id", { ...ctx, sourceId: 7 }],
  ])("reports %s as invalid_context", (_label, badCtx) => {
    const failure = expectFailure(
      normalizeRaw(logType, readMessage("messages/save-policy.json"), badCtx as unknown as NormalizeContext),
    );
    expect(failure.code).toBe("invalid_context");
  });

  it("never modifies the input of normalizeRecord", () => {
    const record = base();
    const deepFreeze = (o: any): any => {
      for (const v of Object.values(o)) if (v && typeof v === "object") deepFreeze(v);
      return Object.freeze(o);
    };
    const snapshot = JSON.stringify(record);
    deepFreeze(record);
    expectOk(normalizeRecord(logType, record, ctx));
    expect(JSON.stringify(record)).toBe(snapshot);
  });
});
