import { describe, expect, it } from "vitest";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";
import { boundIndexed, boundIndexedList, MAX_INDEXED_BYTES } from "@/lib/logtypes/index-bounds";
import { ctx, expectFailure, expectOk, readMessage } from "./helpers";

const logType = getLogType(RAPID7_AUDIT_LOG);
const base = () => JSON.parse(readMessage("messages/activate-collector.json")) as Record<string, any>;

describe("index columns", () => {
  it("keep short values as they are and cut long ones at a character boundary, marked with …", () => {
    expect(boundIndexed("LOG_UPDATED")).toBe("LOG_UPDATED");
    const exact = "a".repeat(MAX_INDEXED_BYTES);
    expect(boundIndexed(exact)).toBe(exact);
    for (const unit of ["a", "é", "漢", "🧨"]) {
      const cut = boundIndexed(unit.repeat(2_000));
      expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_INDEXED_BYTES);
      expect(Buffer.byteLength(cut)).toBeGreaterThan(MAX_INDEXED_BYTES - 8);
      expect(cut.isWellFormed()).toBe(true);
      expect(cut.endsWith("…")).toBe(true);
      expect(unit.repeat(2_000).startsWith(cut.slice(0, -1))).toBe(true);
    }
  });

  it("keep indicator lists sorted and without repeats once long values are cut to the same start", () => {
    const long = "x".repeat(2_000);
    expect(boundIndexedList([`${long}1@example.com`, `${long}2@example.com`, "b@example.com"])).toEqual([
      "b@example.com",
      boundIndexed(`${long}1`),
    ]);
  });

  it("bound what the normalizer indexes, while the record keeps every value whole", () => {
    const record = base();
    record.action = "A".repeat(3_000);
    record.request = { user: { email: `${"e".repeat(3_000)}@example.com`, name: "n".repeat(3_000) } };
    const event = expectOk(normalizeRaw(logType, JSON.stringify(record), ctx));
    expect(event.index.action).toBe(boundIndexed(record.action));
    expect(event.index.usernames).toEqual([boundIndexed(record.request.user.name)]);
    expect(event.index.emails.every((email) => Buffer.byteLength(email) <= MAX_INDEXED_BYTES)).toBe(true);
    expect(event.record.action).toBe(record.action);
    expect(event.record.p_any_usernames).toEqual([record.request.user.name]);
    expect(event.record.p_any_emails).toContain(record.request.user.email);
  });

  it("never shorten the dedup key: an audit_id over the limit is a failure that says why", () => {
    const record = base();
    record.audit_id = "i".repeat(MAX_INDEXED_BYTES + 1);
    const failure = expectFailure(normalizeRaw(logType, JSON.stringify(record), ctx));
    expect(failure).toMatchObject({
      code: "invalid_value",
      field: "audit_id",
      expected: "an identifier of at most 1,024 bytes",
    });
    record.audit_id = "i".repeat(MAX_INDEXED_BYTES);
    expect(expectOk(normalizeRaw(logType, JSON.stringify(record), ctx)).index.auditId).toBe(record.audit_id);
  });
});
