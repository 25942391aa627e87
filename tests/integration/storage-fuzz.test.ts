/**
 * The normalizer fuzz records, taken all the way into PostgreSQL through the pull's
 * batch writer: every record lands in exactly one place (events or classification
 * failures), no batch is refused (text cannot hold NUL; json functions reject lone
 * surrogate escapes), and what reads the stored rows back (Search, the exports, the
 * detection lookups) reads every one of them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { sqlDetectionContext } from "@/lib/detections/sql-context";
import { exportEvents } from "@/lib/events/export";
import { getEvent } from "@/lib/events/search";
import { writeBatch, type StoredEvent, type StoredFailure } from "@/lib/sources/pull/event-writer";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";
import { useTestDatabase } from "../helpers/database";
import { insertSource, type SeedSource } from "../helpers/seed-events";
import { generator, storedAs } from "../logtypes/fuzz-generator";

const TOTAL = 3_000;
const BATCH = 250;

let source: SeedSource;
beforeAll(async () => {
  await useTestDatabase();
  source = await insertSource(pool(), { name: "Storage fuzz" });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("storage fuzz: generated records into PostgreSQL", () => {
  it(`stores ${TOTAL} generated records, each in exactly one place, and reads every one back`, async () => {
    const next = generator(20261202);
    const logType = getLogType(RAPID7_AUDIT_LOG);
    const expectedAuditIds = new Set<string>();
    let expectedFailures = 0;
    let withUnstorableText = 0;
    const client = await pool().connect();
    try {
      for (let offset = 0; offset < TOTAL; offset += BATCH) {
        const events: StoredEvent[] = [];
        const failures: StoredFailure[] = [];
        for (let i = offset; i < offset + BATCH; i += 1) {
          const generated = next(i);
          const position = { receivedAtMs: Date.now(), logId: "fuzz-log", sequence: String(i) };
          const result = normalizeRaw(logType, generated.raw, {
            sourceId: source.id,
            sourceLabel: source.name,
            parseTime: new Date(),
          });
          expect(result.ok, generated.label).toBe(generated.expect.kind === "ok");
          if (storedAs(generated.raw) !== generated.raw || /\\u(0000|d[89a-f])/i.test(generated.raw))
            withUnstorableText += 1;
          if (result.ok) {
            events.push({ event: result.event, raw: generated.raw, ...position });
            expectedAuditIds.add(result.event.index.auditId);
          } else {
            failures.push({ failure: result.failure, logType: RAPID7_AUDIT_LOG, ...position });
            expectedFailures += 1;
          }
        }
        await writeBatch(client, source.id, { events, failures, checkpointMs: null });
      }
    } finally {
      client.release();
    }
    // The generator must have exercised the hard cases, or this test proves nothing.
    expect(withUnstorableText).toBeGreaterThan(TOTAL * 0.05);

    const { rows: stored } = await pool().query<{ audit_id: string; id: string }>(
      "SELECT audit_id, id::text FROM events WHERE source_id = $1",
      [source.id],
    );
    expect(stored).toHaveLength(expectedAuditIds.size);
    expect(new Set(stored.map((row) => row.audit_id))).toEqual(expectedAuditIds);
    const { rows: failed } = await pool().query<{ n: string }>(
      "SELECT count(*) AS n FROM classification_failures WHERE source_id = $1",
      [source.id],
    );
    expect(Number(failed[0]!.n)).toBe(expectedFailures);

    // Readers decode the stored json: a lone surrogate escape or \u0000 in it would make them throw.
    const { rows: decoded } = await pool().query<{ n: string }>(
      `SELECT count(*) AS n FROM events
       WHERE source_id = $1 AND normalized->>'p_row_id' IS NOT NULL
         AND (normalized #>> '{service_info,previousEntry}' IS NULL OR normalized #>> '{service_info,previousEntry}' IS NOT NULL)`,
      [source.id],
    );
    expect(Number(decoded[0]!.n)).toBe(expectedAuditIds.size);
    const everything = { source: source.id, range: "custom", from: "0001-01-01 00:00", to: "9999-12-31 23:59" };
    const csv = await readAll((await exportEvents(everything, "csv")).stream);
    const jsonl = await readAll((await exportEvents(everything, "jsonl")).stream);
    const lines = jsonl.trimEnd().split("\n");
    expect(lines).toHaveLength(expectedAuditIds.size);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(csv.length).toBeGreaterThan(0);
    for (const row of stored.slice(0, 200)) expect((await getEvent(row.id))?.auditId).toBe(row.audit_id);

    // The detection lookup by API key reads inside the stored json of every row in range.
    const context = sqlDetectionContext(pool());
    await expect(
      context.countRecent({
        sourceId: source.id,
        person: { kind: "apiKey", value: "no-such-key" },
        until: new Date("9999-12-31T00:00:00Z"),
        withinMinutes: 5_300_000_000,
      }),
    ).resolves.toBe(0);
  }, 120_000);
});
