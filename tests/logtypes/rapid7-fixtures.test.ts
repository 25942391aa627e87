/**
 * The five synthetic Rapid7 audit records from the research notes (section 2.3), normalized
 * end to end. Expected records are written out by hand, in the expected key order.
 */
import { describe, expect, it } from "vitest";
import { getLogType, normalizeRaw, type NormalizedEvent } from "@/lib/logtypes";
import { ctx, expectOk, ISO_MS, readFixture, readMessage, ROW_ID, type Envelope } from "./helpers";

const logType = getLogType("Rapid7.AuditLog");
const ORG = "9f8e7d6c-0000-4000-8000-00000000c0de";

function standard(eventTime: string, rowId: string) {
  return {
    p_log_type: "Rapid7.AuditLog",
    p_row_id: rowId,
    p_event_time: eventTime,
    p_parse_time: "2024-05-31T08:00:00.000Z",
    p_source_id: ctx.sourceId,
    p_source_label: ctx.sourceLabel,
  };
}

/** Same content and the same key order at every level. */
function expectRecord(event: NormalizedEvent, expected: Record<string, unknown>) {
  expect(event.record).toEqual(expected);
  expect(JSON.stringify(event.record)).toBe(JSON.stringify(expected));
}

function expectStandardInvariants(event: NormalizedEvent) {
  expect(event.rowId).toMatch(ROW_ID);
  expect(event.record.p_row_id).toBe(event.rowId);
  expect(event.record.p_event_time).toMatch(ISO_MS);
  expect(event.eventTime.toISOString()).toBe(event.record.p_event_time);
  expect(Object.getPrototypeOf(event.record)).toBe(Object.prototype);
  // JSON-ready: a round trip changes nothing.
  expect(JSON.parse(JSON.stringify(event.record))).toEqual(event.record);
}

describe("Rapid7.AuditLog synthetic fixtures", () => {
  it("normalizes the Log Search envelope's message (LOG_CREATED)", () => {
    const envelope = readFixture<Envelope>("envelope-log-created.json");
    const event = expectOk(normalizeRaw(logType, envelope.message, ctx));
    expectStandardInvariants(event);
    expectRecord(event, {
      action: "LOG_CREATED",
      audit_id: "5f0e3b7a-1d2c-4e8f-9a6b-3c4d5e6f7a81",
      result: "SUCCESS",
      access_method: "UI",
      product: "IDR",
      description: 'Log "newnet" was created',
      service_info: {
        event: {
          type: "LOG_CREATED",
          correlationId: "c1a2b3c4-0000-4000-8000-000000000001",
          customerId: ORG,
          updatedBy: "alice@example.com",
          initiatorIdentification: { email: "alice@example.com", userId: "u-1001", customerId: ORG },
          timestamp: "2024-05-30T09:20:00.901Z",
        },
        type: "AUDIT",
      },
      time: "2024-05-30T09:20:00.901Z",
      request: { user: { email: "alice@example.com", name: "Alice Admin" } },
      ...standard("2024-05-30T09:20:00.901Z", event.rowId),
      p_any_emails: ["alice@example.com"],
      p_any_usernames: ["Alice Admin"],
    });
    expect(event.eventTime).toEqual(new Date("2024-05-30T09:20:00.901Z"));
    expect(event.index).toEqual({
      auditId: "5f0e3b7a-1d2c-4e8f-9a6b-3c4d5e6f7a81",
      action: "LOG_CREATED",
      result: "SUCCESS",
      product: "IDR",
      description: 'Log "newnet" was created',
      emails: ["alice@example.com"],
      usernames: ["Alice Admin"],
    });
  });

  it("normalizes ACTIVATE_COLLECTOR", () => {
    const event = expectOk(normalizeRaw(logType, readMessage("messages/activate-collector.json"), ctx));
    expectStandardInvariants(event);
    expectRecord(event, {
      action: "ACTIVATE_COLLECTOR",
      audit_id: "7a3f2c10-8b4e-4d6a-9c1e-0f2b3a4c5d62",
      result: "SUCCESS",
      access_method: "UI",
      product: "IDR",
      description: "Collector tulsa.collector.razor.com activated",
      service_info: {
        event: {
          type: "ACTIVATE_COLLECTOR",
          correlationId: "c1a2b3c4-0000-4000-8000-000000000002",
          customerId: ORG,
          updatedBy: "bob@example.com",
          initiatorIdentification: { email: "bob@example.com", userId: "u-1002", customerId: ORG },
          timestamp: "2024-05-30T10:02:11.120Z",
        },
        type: "AUDIT",
      },
      time: "2024-05-30T10:02:11.120Z",
      request: { user: { email: "bob@example.com", name: "Bob Ops" } },
      ...standard("2024-05-30T10:02:11.120Z", event.rowId),
      p_any_emails: ["bob@example.com"],
      p_any_usernames: ["Bob Ops"],
    });
    expect(event.index).toEqual({
      auditId: "7a3f2c10-8b4e-4d6a-9c1e-0f2b3a4c5d62",
      action: "ACTIVATE_COLLECTOR",
      result: "SUCCESS",
      product: "IDR",
      description: "Collector tulsa.collector.razor.com activated",
      emails: ["bob@example.com"],
      usernames: ["Bob Ops"],
    });
  });

  it("normalizes LOG_UPDATED: null email dropped, previousEntry kept as raw JSON", () => {
    const event = expectOk(normalizeRaw(logType, readMessage("messages/log-updated.json"), ctx));
    expectStandardInvariants(event);
    expectRecord(event, {
      action: "LOG_UPDATED",
      audit_id: "1c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e63",
      result: "SUCCESS",
      access_method: "API",
      product: "IDR",
      description: 'Log "newnet" was updated',
      service_info: {
        previousEntry: { name: "newnet", retention_period: "default", source_type: "TOKEN" },
        event: {
          type: "LOG_UPDATED",
          correlationId: "c1a2b3c4-0000-4000-8000-000000000003",
          customerId: ORG,
          initiatorIdentification: { apiKeyId: "ak-7731", customerId: ORG },
          timestamp: "2024-05-30T11:15:42.003Z",
        },
        type: "AUDIT",
      },
      time: "2024-05-30T11:15:42.003Z",
      request: { user: { name: "svc-terraform" } },
      ...standard("2024-05-30T11:15:42.003Z", event.rowId),
      // No email anywhere, so no p_any_emails (Panther omits empty p_any fields).
      p_any_usernames: ["svc-terraform"],
    });
    expect("email" in (event.record.request as { user: object }).user).toBe(false);
    expect(event.index).toEqual({
      auditId: "1c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e63",
      action: "LOG_UPDATED",
      result: "SUCCESS",
      product: "IDR",
      description: 'Log "newnet" was updated',
      emails: [],
      usernames: ["svc-terraform"],
    });
  });

  it("normalizes DELETE_HONEYPOT: no request, no indicators", () => {
    const event = expectOk(normalizeRaw(logType, readMessage("messages/delete-honeypot.json"), ctx));
    expectStandardInvariants(event);
    expectRecord(event, {
      action: "DELETE_HONEYPOT",
      audit_id: "9e8d7c6b-5a49-4837-a261-5f4e3d2c1b04",
      result: "SUCCESS",
      access_method: "AUTOMATION",
      product: "IDR",
      description: "Tulsa Honeypot (finance-db-1 - 10.4.2.111) deleted",
      service_info: {
        event: {
          type: "DELETE_HONEYPOT",
          correlationId: "c1a2b3c4-0000-4000-8000-000000000004",
          customerId: ORG,
          initiatorIdentification: { automatedFlowName: "Nightly honeypot cleanup", customerId: ORG },
          timestamp: "2024-05-30T12:00:00.000Z",
        },
        type: "AUDIT",
      },
      time: "2024-05-30T12:00:00.000Z",
      ...standard("2024-05-30T12:00:00.000Z", event.rowId),
    });
    expect(event.index).toEqual({
      auditId: "9e8d7c6b-5a49-4837-a261-5f4e3d2c1b04",
      action: "DELETE_HONEYPOT",
      result: "SUCCESS",
      product: "IDR",
      description: "Tulsa Honeypot (finance-db-1 - 10.4.2.111) deleted",
      emails: [],
      usernames: [],
    });
  });

  it("normalizes SAVE_POLICY (InsightVM, FAILURE)", () => {
    const event = expectOk(normalizeRaw(logType, readMessage("messages/save-policy.json"), ctx));
    expectStandardInvariants(event);
    expectRecord(event, {
      action: "SAVE_POLICY",
      audit_id: "3b2a1908-7f6e-4d5c-b4a3-92817f6e5d05",
      result: "FAILURE",
      access_method: "UI",
      product: "IVM",
      description: 'Policy "CIS Ubuntu 22.04 custom" save failed',
      service_info: {
        event: {
          type: "SAVE_POLICY",
          updatedBy: "carol@example.com",
          initiatorIdentification: { email: "carol@example.com", userId: "u-1003" },
          timestamp: "2024-05-30T13:45:09.550Z",
        },
        type: "AUDIT",
      },
      time: "2024-05-30T13:45:09.550Z",
      request: { user: { email: "carol@example.com", name: "Carol Compliance" } },
      ...standard("2024-05-30T13:45:09.550Z", event.rowId),
      p_any_emails: ["carol@example.com"],
      p_any_usernames: ["Carol Compliance"],
    });
    expect(event.index).toEqual({
      auditId: "3b2a1908-7f6e-4d5c-b4a3-92817f6e5d05",
      action: "SAVE_POLICY",
      result: "FAILURE",
      product: "IVM",
      description: 'Policy "CIS Ubuntu 22.04 custom" save failed',
      emails: ["carol@example.com"],
      usernames: ["Carol Compliance"],
    });
  });

  it("gives every normalization a fresh row id, even for the same input", () => {
    const raw = readMessage("messages/save-policy.json");
    const ids = new Set(Array.from({ length: 1000 }, () => expectOk(normalizeRaw(logType, raw, ctx)).rowId));
    expect(ids.size).toBe(1000);
  });

  it("uses the context's parse time, source id and label verbatim", () => {
    const other = {
      sourceId: "src-2",
      sourceLabel: "EU audit ✓",
      parseTime: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
    };
    const event = expectOk(normalizeRaw(logType, readMessage("messages/save-policy.json"), other));
    expect(event.record.p_parse_time).toBe("2025-01-02T03:04:05.006Z");
    expect(event.record.p_source_id).toBe("src-2");
    expect(event.record.p_source_label).toBe("EU audit ✓");
  });
});
