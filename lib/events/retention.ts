import { pool } from "@/lib/db";

/**
 * Deletes what each source no longer keeps: events whose event time is older than the
 * source's retention, and classification failures stored longer ago than that. Deletes
 * go in small batches, each its own short transaction, so ingestion and Search never
 * wait behind a long lock and an interrupted run simply continues next time.
 */
export type RetentionResult = {
  sourceId: string;
  sourceName: string;
  retentionDays: number;
  cutoff: Date;
  eventsDeleted: number;
  failuresDeleted: number;
};

const RETENTION_BATCH_SIZE = 10_000;
const DAY_MS = 86_400_000;

export async function enforceRetention(
  now: Date = new Date(),
  options: { batchSize?: number; signal?: AbortSignal } = {},
): Promise<RetentionResult[]> {
  const batchSize = options.batchSize ?? RETENTION_BATCH_SIZE;
  const { rows: sources } = await pool().query<{ id: string; name: string; retention_days: number }>(
    "SELECT id, name, retention_days FROM log_sources ORDER BY name_key",
  );
  const results: RetentionResult[] = [];
  for (const source of sources) {
    if (options.signal?.aborted) break;
    const cutoff = new Date(now.getTime() - source.retention_days * DAY_MS);
    // Both use an index that starts with source_id: (source_id, event_time, id) and (source_id, created_at).
    const eventsDeleted = await deleteInBatches(
      `DELETE FROM events WHERE id IN (SELECT id FROM events WHERE source_id = $1 AND event_time < $2 LIMIT $3)`,
      [source.id, cutoff, batchSize],
      batchSize,
      options.signal,
    );
    const failuresDeleted = await deleteInBatches(
      `DELETE FROM classification_failures WHERE id IN (SELECT id FROM classification_failures WHERE source_id = $1 AND created_at < $2 LIMIT $3)`,
      [source.id, cutoff, batchSize],
      batchSize,
      options.signal,
    );
    // The coverage ledger is kept as long as the source's events: windows that ended before the cutoff go too.
    await pool().query("DELETE FROM coverage_windows WHERE source_id = $1 AND ends_at < $2", [source.id, cutoff]);
    results.push({
      sourceId: source.id,
      sourceName: source.name,
      retentionDays: source.retention_days,
      cutoff,
      eventsDeleted,
      failuresDeleted,
    });
  }
  return results;
}

async function deleteInBatches(
  statement: string,
  values: unknown[],
  batchSize: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool().query(statement, values);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize || signal?.aborted) return total;
  }
}
