/** Negative and edge cases for Rapid7.AuditLog: each one routed to the right place with a usable reason. */
import { describe, expect, it } from "vitest";
import { getLogType, normalizeRaw, normalizeRecord } from "@/lib/logtypes";
import type { NormalizedEvent } from "@/lib/logtypes";
import { ctx, expectFailure, expectOk, readFixture, readMessage, ROW_ID, type Envelope } from "./helpers";

const logType = getLogType("Rapid7.AuditLog");

/** Every standard field of a normalized negative case, written out by hand. */
function expectStandardFields(
  event: NormalizedEvent,
  expected: { eventTime: string; emails?: string[]; usernames?: string[] },
) {
  const r = event.record;
  expect(r.p_log_type).toBe("Rapid7.AuditLog");
  expect(r.p_row_id).toMatch(ROW_ID);
  expect(r.p_row_id).toBe(event.rowId);
  expect(r.p_event_time).toBe(expected.eventTime);
  expect(event.eventTime.toISOString()).toBe(expected.eventTime);
  expect(r.p_parse_time).toBe("2024-05-31T08:00:00.000Z");
  expect(r.p_source_id).toBe(ctx.sourceId);
  expect(r.p_source_label).toBe(ctx.sourceLabel);
  expect(r.p_any_emails).toEqual(expected.emails);
  expect(r.p_any_usernames).toEqual(expected.usernames);
  expect(event.index.emails).toEqual(expected.emails ?? []);
  expect(event.index.usernames).toEqual(expected.usernames ?? []);
}
const valid = () => JSON.parse(readMessage("messages/activate-collector.json")) as Record<string, any>;

describe("negative fixtures (research notes, section 2.3)", () => {
  it("routes a plain-text message to invalid_json and keeps the payload", () => {
    const envelope = readFixture<Envelope>("negative/non-json-message.json");
    const failure = expectFailure(normalizeRaw(logType, envelope.message, ctx));
    expect(failure.code).toBe("invalid_json");
    expect(failure.reason).toBe(
      'The message is not JSON: it starts with "LOG_DELETED: Log \\"oldnet\\" was deleted by alice@example.com".',
    );
    expect(failure.rawPayload).toBe(envelope.message);
    expect(failure.field).toBeUndefined();
  });

  it("routes a record without audit_id to missing_required", () => {
    const envelope = readFixture<Envelope>("negative/missing-audit-id.json");
    const failure = expectFailure(normalizeRaw(logType, envelope.message, ctx));
    expect(failure).toEqual({
      code: "missing_required",
      reason: 'Field "audit_id" is required but missing.',
      field: "audit_id",
      expected: "a string",
      rawPayload: envelope.message,
    });
  });

  it("normalizes both deliveries of the same audit_id: same auditId, different row ids", () => {
    const [first, second] = readFixture<Envelope[]>("negative/duplicate-audit-id.json");
    expect(first!.sequence_number_str).not.toBe(second!.sequence_number_str);
    const a = expectOk(normalizeRaw(logType, first!.message, ctx));
    const b = expectOk(normalizeRaw(logType, second!.message, ctx));
    expect(a.index.auditId).toBe("d0b1e2f3-0000-4a4a-8b8b-00000000d0d0");
    expect(b.index.auditId).toBe(a.index.auditId);
    expect(b.rowId).not.toBe(a.rowId);
    expect(b.record.p_event_time).toBe(a.record.p_event_time);
    for (const event of [a, b])
      expectStandardFields(event, {
        eventTime: "2024-05-30T13:30:00.777Z",
        emails: ["bob@example.com"],
        usernames: ["Bob Ops"],
      });
    const { p_row_id: _a, ...restA } = a.record;
    const { p_row_id: _b, ...restB } = b.record;
    expect(restB).toEqual(restA);
  });

  it("accepts a time without milliseconds and pads it to .000Z", () => {
    const envelope = readFixture<Envelope>("negative/time-without-millis.json");
    const event = expectOk(normalizeRaw(logType, envelope.message, ctx));
    expect(event.record.time).toBe("2024-05-30T14:00:00.000Z");
    expect(event.record.p_event_time).toBe("2024-05-30T14:00:00.000Z");
    expect(event.eventTime.getTime()).toBe(Date.UTC(2024, 4, 30, 14, 0, 0, 0));
    expectStandardFields(event, { eventTime: "2024-05-30T14:00:00.000Z" });
  });

  it("accepts a +00:00 offset and writes Z", () => {
    const envelope = readFixture<Envelope>("negative/time-with-offset.json");
    const event = expectOk(normalizeRaw(logType, envelope.message, ctx));
    expect(event.record.time).toBe("2024-05-30T14:30:00.250Z");
    expect(event.record.p_event_time).toBe("2024-05-30T14:30:00.250Z");
    expectStandardFields(event, { eventTime: "2024-05-30T14:30:00.250Z" });
  });

  it("accepts service_info.event.timestamp as a numeric string", () => {
    const envelope = readFixture<Envelope>("negative/event-timestamp-string.json");
    const event = expectOk(normalizeRaw(logType, envelope.message, ctx));
    const serviceInfo = event.record.service_info as { event: { timestamp: string; updatedBy: string } };
    expect(serviceInfo.event.timestamp).toBe("2024-05-30T15:00:00.500Z");
    expect(event.record.p_event_time).toBe("2024-05-30T15:00:00.500Z");
    expect(event.record.p_any_emails).toEqual(["carol@example.com"]);
    expectStandardFields(event, {
      eventTime: "2024-05-30T15:00:00.500Z",
      emails: ["carol@example.com"],
      usernames: ["Carol Compliance"],
    });
  });
});

describe("event time", () => {
  it("takes p_event_time from top-level time even when the nested timestamp differs", () => {
    const record = valid();
    record.service_info.event.timestamp = 1_600_000_000_000;
    const event = expectOk(normalizeRecord(logType, record, ctx));
    expect(event.record.p_event_time).toBe("2024-05-30T10:02:11.120Z");
    expect((event.record.service_info as any).event.timestamp).toBe("2020-09-13T12:26:40.000Z");
  });

  it("converts other offsets to UTC", () => {
    const record = valid();
    record.time = "2024-05-30T12:02:11.120+02:00";
    expect(expectOk(normalizeRecord(logType, record, ctx)).record.p_event_time).toBe("2024-05-30T10:02:11.120Z");
    record.time = "2024-05-29T23:32:11.120-10:30";
    expect(expectOk(normalizeRecord(logType, record, ctx)).record.p_event_time).toBe("2024-05-30T10:02:11.120Z");
  });

  it("truncates sub-millisecond digits instead of rounding", () => {
    const record = valid();
    record.time = "2024-12-31T23:59:59.999999999Z";
    expect(expectOk(normalizeRecord(logType, record, ctx)).record.time).toBe("2024-12-31T23:59:59.999Z");
  });

  it("fails a record without time even when service_info.event.timestamp is valid (time is required)", () => {
    const record = valid();
    delete record.time;
    const failure = expectFailure(normalizeRecord(logType, record, ctx));
    expect(failure.code).toBe("missing_required");
    expect(failure.field).toBe("time");
    expect(failure.reason).toBe('Field "time" is required but missing.');
  });

  it("fails a record whose time is unusable instead of falling back", () => {
    const record = valid();
    record.time = "30/05/2024 10:02";
    const failure = expectFailure(normalizeRecord(logType, record, ctx));
    expect(failure.code).toBe("invalid_value");
    expect(failure.field).toBe("time");
    expect(failure.reason).toBe(
      'Field "time" must be an RFC 3339 timestamp string such as "2024-05-30T09:20:00.901Z", but got "30/05/2024 10:02" (not in that format).',
    );
  });

  it.each([
    ["2024-02-30T10:00:00Z", "no such date or time"],
    ["2023-02-29T10:00:00Z", "no such date or time"],
    ["2024-13-01T10:00:00Z", "no such date or time"],
    ["2024-05-30T24:00:00Z", "no such date or time"],
    ["2024-05-30T10:60:00Z", "no such date or time"],
    ["2024-05-30T10:00:60Z", "no such date or time"],
    ["2024-05-30T10:00:00+24:00", "no such date or time"],
    ["2024-05-30T10:00:00.1234567891Z", "more than 9 fractional digits"],
    ["2024-05-30T10:00:00", "not in that format"],
    ["2024-05-30 10:00:00Z", "not in that format"],
    ["0000-01-01T00:00:00+00:01", "outside years 0000-9999"],
  ])("rejects time %s (%s)", (time, detail) => {
    const record = valid();
    record.time = time;
    const failure = expectFailure(normalizeRecord(logType, record, ctx));
    expect(failure.code).toBe("invalid_value");
    expect(failure.field).toBe("time");
    expect(failure.reason).toContain(`(${detail})`);
  });

  it.each([
    ["1717063331120.5", "not in that format"],
    ["17170633x1120", "not in that format"],
    [1717063331120.5, "not in that format"],
    [1e20, "outside years 0000-9999"],
  ])("rejects service_info.event.timestamp %s", (timestamp, detail) => {
    const record = valid();
    record.service_info.event.timestamp = timestamp;
    const failure = expectFailure(normalizeRecord(logType, record, ctx));
    expect(failure.code).toBe("invalid_value");
    expect(failure.field).toBe("service_info.event.timestamp");
    expect(failure.expected).toBe("Unix milliseconds (integer or integer string)");
    expect(failure.reason).toContain(`(${detail})`);
  });

  it("treats an empty-string service_info.event.timestamp as absent, like Panther's unix codecs", () => {
    const record = valid();
    record.service_info.event.timestamp = "";
    const event = expectOk(normalizeRecord(logType, record, ctx));
    expect("timestamp" in (event.record.service_info as any).event).toBe(false);
  });
});

describe("wrong types and shapes", () => {
  it.each([
    ["audit_id", (r: any) => (r.audit_id = { id: 1 }), "a string", "an object"],
    ["action", (r: any) => (r.action = ["LOG_CREATED"]), "a string", "an array"],
    ["service_info", (r: any) => (r.service_info = "AUDIT"), "an object", '"AUDIT"'],
    ["service_info.event", (r: any) => (r.service_info.event = [1, 2]), "an object", "an array"],
    ["request.user", (r: any) => (r.request.user = 7), "an object", "7"],
    ["request.user.email", (r: any) => (r.request.user.email = { a: 1 }), "a string", "an object"],
    [
      "time",
      (r: any) => (r.time = 1717063331120),
      'an RFC 3339 timestamp string such as "2024-05-30T09:20:00.901Z"',
      "1717063331120",
    ],
    [
      "service_info.event.timestamp",
      (r: any) => (r.service_info.event.timestamp = true),
      "Unix milliseconds (integer or integer string)",
      "true",
    ],
    [
      "service_info.event.initiatorIdentification",
      (r: any) => (r.service_info.event.initiatorIdentification = "bob"),
      "an object",
      '"bob"',
    ],
  ])("rejects a wrong type at %s", (field, mutate, expected, got) => {
    const record = valid();
    mutate(record);
    const raw = JSON.stringify(record);
    const failure = expectFailure(normalizeRaw(logType, raw, ctx));
    expect(failure).toEqual({
      code: "invalid_type",
      reason: `Field "${field}" must be ${expected}, but got ${got}.`,
      field,
      expected,
      rawPayload: raw,
    });
  });

  it("stringifies numbers and booleans in string fields, as Panther does", () => {
    const record = valid();
    record.action = 42;
    record.result = true;
    record.service_info.event.customerId = 1.5;
    const event = expectOk(normalizeRaw(logType, JSON.stringify(record), ctx));
    expect(event.record.action).toBe("42");
    expect(event.record.result).toBe("true");
    expect((event.record.service_info as any).event.customerId).toBe("1.5");
    expect(event.index.action).toBe("42");
  });

  it("treats null optional fields as absent and null required fields as missing", () => {
    const record = valid();
    record.result = null;
    record.service_info.event = null;
    const event = expectOk(normalizeRecord(logType, record, ctx));
    expect("result" in event.record).toBe(false);
    expect(event.index.result).toBeNull();
    expect(event.record.service_info).toEqual({ type: "AUDIT" });

    record.action = null;
    const failure = expectFailure(normalizeRecord(logType, record, ctx));
    expect(failure.reason).toBe('Field "action" is required but was null.');
  });

  it("keeps an empty string in a string field (it is a value, unlike null)", () => {
    const record = valid();
    record.result = "";
    const event = expectOk(normalizeRecord(logType, record, ctx));
    expect(event.record.result).toBe("");
    expect(event.index.result).toBe("");
  });

  it.each([[""], ["   "]])(
    "fails a record whose audit_id is %j: events are deduplicated on it, so every such record would be taken for the first",
    (auditId) => {
      const record = valid();
      record.audit_id = auditId;
      const failure = expectFailure(normalizeRaw(logType, JSON.stringify(record), ctx));
      expect(failure).toEqual({
        code: "invalid_value",
        reason:
          'Field "audit_id" is empty. It identifies the event, and repeated deliveries are recognised by it, so it must not be empty.',
        field: "audit_id",
        expected: "a non-empty string",
        rawPayload: JSON.stringify(record),
      });
    },
  );

  it("drops fields that are not in the schema, at every level, as Panther does", () => {
    const record = valid();
    record.extra_top = "x";
    record.service_info.event.extra = { deep: true };
    record.request.user.role = "admin";
    const event = expectOk(normalizeRaw(logType, JSON.stringify(record), ctx));
    expect("extra_top" in event.record).toBe(false);
    expect("extra" in (event.record.service_info as any).event).toBe(false);
    expect(event.record.request).toEqual({ user: { email: "bob@example.com", name: "Bob Ops" } });
  });

  it.each([
    ["42", "a number"],
    ['"just a string"', "a string"],
    ["null", "null"],
    ["[]", "an array"],
    ['[{"action":"x"}]', "an array"],
    ["true", "a boolean"],
  ])("rejects non-object JSON %s", (raw, kind) => {
    const failure = expectFailure(normalizeRaw(logType, raw, ctx));
    expect(failure.code).toBe("not_an_object");
    expect(failure.reason).toBe(`The message must be a JSON object, but it is ${kind}.`);
    expect(failure.rawPayload).toBe(raw);
  });

  it.each([
    ["", "The message is not JSON: it is empty."],
    ["   \n", "The message is not JSON: it is empty."],
    ['{"action":"LOG_CREATED",', undefined],
    ["{'action':'x'}", undefined],
    ["nope", undefined],
  ])("rejects broken JSON %j", (raw, reason) => {
    const failure = expectFailure(normalizeRaw(logType, raw, ctx));
    expect(failure.code).toBe("invalid_json");
    if (reason) expect(failure.reason).toBe(reason);
    else expect(failure.reason).toMatch(/^The message is not valid JSON: .+\.$/);
    expect(failure.rawPayload).toBe(raw);
  });

  it("reports the first problem in schema order when a record has several", () => {
    const record = valid();
    delete record.audit_id;
    record.time = "yesterday";
    expect(expectFailure(normalizeRecord(logType, record, ctx)).field).toBe("audit_id");
  });

  it("quotes at most 60 characters of a bad value in the reason", () => {
    const record = valid();
    record.time = "x".repeat(10_000);
    const failure = expectFailure(normalizeRecord(logType, record, ctx));
    expect(failure.reason.length).toBeLessThan(250);
    expect(failure.reason).toContain(`"${"x".repeat(60)}…"`);
  });
});
