/**
 * Property test: 12,000 seeded records, each either valid or carrying exactly one known defect.
 * normalize must never throw, must accept exactly the valid ones, and must name the defect's field.
 * Expected values are computed here from the generator's own inputs, not by the code under test.
 */
import { describe, expect, it } from "vitest";
import { getLogType, normalizeRaw, normalizeRecord, type NormalizeResult } from "@/lib/logtypes";
import { type Case, generator } from "./fuzz-generator";
import { ctx, ISO_MS, ROW_ID } from "./helpers";

const logType = getLogType("Rapid7.AuditLog");
const TOTAL = 12_000;

const SCHEMA_KEYS = new Set([
  "action",
  "audit_id",
  "result",
  "access_method",
  "product",
  "description",
  "service_info",
  "time",
  "request",
]);
const STANDARD_KEYS = [
  "p_log_type",
  "p_row_id",
  "p_event_time",
  "p_parse_time",
  "p_source_id",
  "p_source_label",
  "p_any_emails",
  "p_any_usernames",
];

function check(c: Case, result: NormalizeResult, problems: string[]) {
  const e = c.expect;
  if (e.kind === "ok") {
    if (!result.ok) return problems.push(`${c.label}: expected ok, got ${result.failure.reason}`);
    const r = result.event.record;
    const mismatch = (what: string, got: unknown, want: unknown) =>
      problems.push(`${c.label}: ${what} = ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    if (r.audit_id !== e.auditId || result.event.index.auditId !== e.auditId)
      mismatch("audit_id", r.audit_id, e.auditId);
    if (r.action !== e.action) mismatch("action", r.action, e.action);
    if (r.time !== e.eventTime || r.p_event_time !== e.eventTime) mismatch("p_event_time", r.p_event_time, e.eventTime);
    if (result.event.eventTime.toISOString() !== e.eventTime)
      mismatch("eventTime", result.event.eventTime, e.eventTime);
    const ts = (r.service_info as any)?.event?.timestamp;
    if (ts !== e.eventTimestamp) mismatch("event timestamp", ts, e.eventTimestamp);
    if (!ROW_ID.test(result.event.rowId) || r.p_row_id !== result.event.rowId)
      mismatch("p_row_id", r.p_row_id, "32 hex");
    if (!ISO_MS.test(r.p_parse_time as string)) mismatch("p_parse_time", r.p_parse_time, "ISO");
    const unexpected = Object.keys(r).filter((k) => !SCHEMA_KEYS.has(k) && !STANDARD_KEYS.includes(k));
    if (unexpected.length > 0) mismatch("unknown keys kept", unexpected, []);
    for (const key of ["p_any_emails", "p_any_usernames"] as const) {
      const list = r[key] as string[] | undefined;
      if (list === undefined) continue;
      const sorted = [...new Set(list)].sort();
      if (list.length === 0 || JSON.stringify(sorted) !== JSON.stringify(list) || list.some((v) => v.trim() === ""))
        mismatch(key, list, sorted);
    }
    return;
  }
  if (result.ok) return problems.push(`${c.label}: expected ${e.code} at ${e.field}, got ok`);
  const f = result.failure;
  if (f.code !== e.code || f.field !== e.field) {
    problems.push(`${c.label}: expected ${e.code} at ${e.field}, got ${f.code} at ${f.field}: ${f.reason}`);
  }
  if (f.rawPayload !== c.raw) problems.push(`${c.label}: rawPayload differs from the input`);
  if (typeof f.reason !== "string" || f.reason.length === 0 || f.reason.length > 400)
    problems.push(`${c.label}: bad reason ${f.reason}`);
}

describe("fuzz: generated Rapid7 records", () => {
  it(`routes ${TOTAL} generated records correctly and never throws`, () => {
    const next = generator(20240530);
    const problems: string[] = [];
    const tally = { ok: 0, fail: 0, viaRecord: 0 };
    const perDefect = new Array<number>(next.defectCount).fill(0);
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).join();
    for (let i = 0; i < TOTAL; i++) {
      const c = next(i);
      if (c.defect >= 0) perDefect[c.defect]!++;
      let result: NormalizeResult;
      try {
        result = normalizeRaw(logType, c.raw, ctx);
      } catch (error) {
        problems.push(`${c.label}: normalizeRaw threw ${String(error)}`);
        continue;
      }
      check(c, result, problems);
      if (result.ok) tally.ok++;
      else tally.fail++;

      // Anything that parses must be routed the same way by normalizeRecord.
      let parsed: unknown;
      try {
        parsed = JSON.parse(c.raw);
      } catch {
        continue;
      }
      tally.viaRecord++;
      try {
        const viaRecord = normalizeRecord(logType, parsed, ctx);
        const a = result.ok ? "ok" : `${result.failure.code}@${result.failure.field}`;
        const b = viaRecord.ok ? "ok" : `${viaRecord.failure.code}@${viaRecord.failure.field}`;
        if (a !== b) problems.push(`${c.label}: normalizeRaw gave ${a}, normalizeRecord gave ${b}`);
      } catch (error) {
        problems.push(`${c.label}: normalizeRecord threw ${String(error)}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // The generator must exercise both routes substantially.
    expect(tally.ok).toBeGreaterThan(TOTAL * 0.35);
    expect(tally.fail).toBeGreaterThan(TOTAL * 0.4);
    expect(tally.viaRecord).toBeGreaterThan(TOTAL * 0.7);
    // Every defect kind was generated often enough to mean something.
    expect(Math.min(...perDefect)).toBeGreaterThan(200);
    expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
