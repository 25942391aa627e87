import type pg from "pg";
import type { RawRecord } from "@/lib/detections/rule";
import { writeBatch } from "@/lib/sources/pull/event-writer";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";
import type { SeedSource } from "./seed-events";

/**
 * Stores whole Rapid7 audit records (e.g. from lib/detections/fixture-record.ts, which
 * covers API keys, automation flows and results that seed-events' specs do not) through
 * the real normalizer and batch writer, in order, and returns their event ids in the
 * same order.
 */
let sequence = 4_237_201_778_429_120_000n;

export async function storeRecords(
  pool: pg.Pool,
  source: SeedSource,
  records: readonly RawRecord[],
): Promise<bigint[]> {
  if (records.length === 0) return [];
  const logType = getLogType(RAPID7_AUDIT_LOG);
  const parseTime = new Date();
  const stored = records.map((record) => {
    const raw = JSON.stringify(record);
    const result = normalizeRaw(logType, raw, { sourceId: source.id, sourceLabel: source.name, parseTime });
    if (!result.ok) throw new Error(`Record does not normalize: ${result.failure.reason}`);
    sequence += 1n;
    return {
      event: result.event,
      raw,
      receivedAtMs: result.event.eventTime.getTime() + 1_000,
      logId: "0b1c6f52-5c1e-4a3e-9d7a-2f1e8d0a4b11",
      sequence: String(sequence),
    };
  });
  const client = await pool.connect();
  try {
    await writeBatch(client, source.id, { events: stored, failures: [], checkpointMs: null });
  } finally {
    client.release();
  }
  const auditIds = stored.map((s) => s.event.index.auditId);
  const { rows } = await pool.query<{ id: string; audit_id: string }>(
    "SELECT id::text, audit_id FROM events WHERE source_id = $1 AND audit_id = ANY($2::text[])",
    [source.id, auditIds],
  );
  const byAuditId = new Map(rows.map((row) => [row.audit_id, BigInt(row.id)]));
  return auditIds.map((auditId) => {
    const id = byAuditId.get(auditId);
    if (id === undefined) throw new Error(`Record ${auditId} was not stored (a duplicate audit_id?).`);
    return id;
  });
}
