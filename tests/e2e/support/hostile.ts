import type pg from "pg";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";
import { limitText, OversizeText } from "@/lib/integrations/rapid7/oversize";
import { type StoredEvent, type StoredFailure, writeBatch } from "@/lib/sources/pull/event-writer";
import { DEFAULT_PULL_SETTINGS, RAW_PREFIX_BYTES } from "@/lib/sources/pull/settings";
import type { HostileEventCase } from "../../fixtures/hostile/events";
import type { SeedSource } from "../../helpers/seed-events";

/**
 * Hostile records stored the way a pull stores them (tests/integration/hostile-input.test.ts
 * runs the corpus through the real pull): records over the record limit become failures
 * that keep a prefix, the size and the hash; the rest go through the real normalizer into
 * events or failures, written by the real batch writer.
 */
export type SeededHostile = { hostile: HostileEventCase; raw: string; eventId: string | null };

export async function seedHostileRecords(
  pool: pg.Pool,
  source: SeedSource,
  cases: readonly HostileEventCase[],
  time: Date,
): Promise<SeededHostile[]> {
  const logType = getLogType(RAPID7_AUDIT_LOG);
  const events: StoredEvent[] = [];
  const failures: StoredFailure[] = [];
  const raws = cases.map((hostile, index) => {
    const raw = hostile.message(crypto.randomUUID(), new Date(time.getTime() - index * 1_000));
    const position = { receivedAtMs: time.getTime(), logId: "log-hostile", sequence: String(1_000_000 + index) };
    const limited = limitText(raw, DEFAULT_PULL_SETTINGS.maxRecordBytes, RAW_PREFIX_BYTES);
    if (limited instanceof OversizeText) {
      failures.push({
        failure: {
          code: "record_too_large",
          reason: `The record is ${limited.bytes.toLocaleString("en-US")} bytes; Intake stores records of up to ${DEFAULT_PULL_SETTINGS.maxRecordBytes.toLocaleString("en-US")} bytes, set by INTAKE_MAX_RECORD_BYTES.`,
          rawPayload: limited.prefix,
        },
        logType: RAPID7_AUDIT_LOG,
        rawBytes: limited.bytes,
        rawSha256: limited.sha256,
        ...position,
      });
      return raw;
    }
    const result = normalizeRaw(logType, raw, { sourceId: source.id, sourceLabel: source.name, parseTime: time });
    if (result.ok) events.push({ event: result.event, raw, ...position });
    else failures.push({ failure: result.failure, logType: RAPID7_AUDIT_LOG, ...position });
    return raw;
  });
  const client = await pool.connect();
  try {
    await writeBatch(client, source.id, { events, failures, checkpointMs: null });
  } finally {
    client.release();
  }
  const { rows } = await pool.query<{ id: string; sequence: string }>(
    "SELECT id::text, sequence FROM events WHERE source_id = $1",
    [source.id],
  );
  return cases.map((hostile, index) => ({
    hostile,
    raw: raws[index]!,
    eventId: rows.find((row) => row.sequence === String(1_000_000 + index))?.id ?? null,
  }));
}
