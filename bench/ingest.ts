import { from as copyFrom } from "pg-copy-streams";
import { pool } from "@/lib/db";
import { COPY_EVENTS, eventRow, writePreparedBatch } from "@/lib/sources/pull/event-writer";
import { createRng } from "@/simulator/rapid7/rng";
import { generateMessage } from "@/simulator/rapid7/records";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";
import { formatRate, startBenchEnvironment } from "./support/environment";

/**
 * Parse + normalize + insert throughput against a raw COPY of the same rows into the
 * same table, measured in the same run on an emptied table each time (target: at
 * least 0.5 of raw COPY). Intake's path is the one pulls use: normalizeRaw, the COPY
 * row rendering, and writePreparedBatch (duplicate check, COPY, checkpoint) per batch.
 */
export async function ingestBenchmark(count = 200_000, batchSize = 2_000) {
  const bench = await startBenchEnvironment();
  try {
    const client = await pool().connect();
    const sources = [crypto.randomUUID(), crypto.randomUUID()];
    for (const [index, id] of sources.entries()) {
      await client.query(
        `INSERT INTO log_sources (id, name, name_key, region, api_key_encrypted, api_key_fingerprint, api_key_updated_at, audit_logs, paused, updated_at)
         VALUES ($1, $2, $2, 'us3', 'x', 'x', now(), '[]', true, now())`,
        [id, `ingest bench ${index}`],
      );
      await client.query("INSERT INTO source_states (source_id, updated_at) VALUES ($1, now())", [id]);
    }
    const rng = createRng(42);
    const context = { customerId: "9f8e7d6c-0000-4000-8000-00000000c0de", emailDomain: "acme.example" };
    const start = Date.now() - 30 * 86_400_000;
    const messages = Array.from({ length: count }, (_, i) => {
      const profile = (["platform", "idr", "ivm"] as const)[i % 3]!;
      return {
        envelopeMs: start + i * 10_000,
        message: generateMessage(rng, profile, start + i * 10_000, crypto.randomUUID(), context).message,
      };
    });
    const logType = getLogType(RAPID7_AUDIT_LOG);

    // Intake's path, from raw message to committed batch.
    await client.query("TRUNCATE events CASCADE");
    const rendered: string[] = [];
    const intakeStarted = performance.now();
    for (let offset = 0; offset < count; offset += batchSize) {
      const rows: string[] = [];
      const auditIds: string[] = [];
      const parseTime = new Date();
      for (const { envelopeMs, message } of messages.slice(offset, offset + batchSize)) {
        const result = normalizeRaw(logType, message, {
          sourceId: sources[0]!,
          sourceLabel: "ingest bench 0",
          parseTime,
        });
        if (!result.ok) throw new Error(result.failure.reason);
        rows.push(
          eventRow(sources[0]!, {
            event: result.event,
            raw: message,
            receivedAtMs: envelopeMs,
            logId: "log",
            sequence: String(offset),
          }),
        );
        auditIds.push(result.event.index.auditId);
      }
      await writePreparedBatch(client, sources[0]!, {
        rows,
        auditIds,
        failures: [],
        newestReceivedAtMs: null,
        checkpointMs: messages[Math.min(count, offset + batchSize) - 1]!.envelopeMs,
      });
      rendered.push(...rows);
    }
    const intakeMs = performance.now() - intakeStarted;

    // Baseline: the very same rows, already rendered, COPYed straight into the emptied table.
    await client.query("TRUNCATE events CASCADE");
    await client.query("CHECKPOINT");
    const copyStarted = performance.now();
    for (let offset = 0; offset < count; offset += batchSize) {
      await client.query("BEGIN");
      const stream = client.query(copyFrom(COPY_EVENTS));
      await new Promise<void>((resolve, reject) => {
        stream.on("error", reject);
        stream.on("finish", () => resolve());
        stream.end(rendered.slice(offset, offset + batchSize).join(""));
      });
      await client.query("COMMIT");
    }
    const copyMs = performance.now() - copyStarted;
    client.release();

    const ratio = count / intakeMs / (count / copyMs);
    return {
      name: "ingest",
      events: count,
      batchSize,
      intakeEventsPerSecond: Math.round(count / (intakeMs / 1000)),
      rawCopyEventsPerSecond: Math.round(count / (copyMs / 1000)),
      ratioToRawCopy: +ratio.toFixed(2),
      target: { ratioToRawCopyAtLeast: 0.5 },
      summary: `parse + normalize + insert: ${formatRate(count, intakeMs)}; raw COPY of the same rows: ${formatRate(count, copyMs)}; ratio ${ratio.toFixed(2)} (target ≥ 0.5)`,
    };
  } finally {
    await bench.close();
  }
}
