import type pg from "pg";
import { type StoredFailure, writeBatch } from "@/lib/sources/pull/event-writer";
import { getLogType, normalizeRaw, RAPID7_AUDIT_LOG } from "@/lib/logtypes";

/**
 * Test data the way ingestion stores it: a log source row (paused, so no worker tries
 * to pull it with its fake key), and events built from realistic Rapid7.AuditLog
 * messages by the real normalizer, written with the real batch writer. Takes a pool so
 * Vitest (lib/db's pool) and Playwright (its own pool on the console's database) share it.
 */
export type SeedSource = { id: string; name: string };

export async function insertSource(
  pool: pg.Pool,
  options: { name?: string; retentionDays?: number } = {},
): Promise<SeedSource> {
  const id = crypto.randomUUID();
  const name = options.name ?? `Seeded ${id.slice(0, 8)}`;
  await pool.query(
    `INSERT INTO log_sources (id, name, name_key, log_type, region, api_key_encrypted, api_key_fingerprint, api_key_updated_at, audit_logs, retention_days, paused, updated_at)
     VALUES ($1, $2, $3, $4, 'us3', 'x', 'x', now(), '[]', $5, true, now())`,
    [id, name, name.trim().toLowerCase(), RAPID7_AUDIT_LOG, options.retentionDays ?? 90],
  );
  await pool.query("INSERT INTO source_states (source_id, updated_at) VALUES ($1, now())", [id]);
  return { id, name };
}

/** One audit event as a test describes it; everything else gets a realistic default. */
export type AuditSpec = {
  time: Date;
  action?: string;
  result?: string | null;
  product?: string;
  description?: string;
  /** request.user.email; null writes an explicit null (service accounts), undefined leaves request.user out. */
  email?: string | null;
  /** request.user.name */
  username?: string;
  auditId?: string;
  accessMethod?: string;
};

let sequence = 3_237_201_778_429_120_000n;

/** A Rapid7 audit message (the envelope's `message` string) shaped like the ones in tests/fixtures/rapid7. */
export function auditMessage(spec: AuditSpec): string {
  const action = spec.action ?? "LOG_UPDATED";
  const email = spec.email;
  const message: Record<string, unknown> = {
    action,
    audit_id: spec.auditId ?? crypto.randomUUID(),
    ...(spec.result === null ? {} : { result: spec.result ?? "SUCCESS" }),
    access_method: spec.accessMethod ?? "UI",
    product: spec.product ?? "IDR",
    description: spec.description ?? `Log "newnet" was updated`,
    time: spec.time.toISOString(),
    ...(email !== undefined || spec.username !== undefined
      ? { request: { user: { email: email ?? null, name: spec.username ?? null } } }
      : {}),
    service_info: {
      type: "AUDIT",
      event: {
        type: action,
        correlationId: crypto.randomUUID(),
        customerId: "9f8e7d6c-0000-4000-8000-00000000c0de",
        ...(email
          ? { updatedBy: email, initiatorIdentification: { email, userId: "u-1001" } }
          : { initiatorIdentification: { apiKeyId: "ak-7731" } }),
        timestamp: spec.time.getTime(),
      },
    },
  };
  return JSON.stringify(message);
}

export type SeededEvent = { auditId: string; rowId: string; time: Date; raw: string; spec: AuditSpec };

/** Normalizes and stores the events; throws if a spec does not normalize (that would be a broken test). */
export async function seedEvents(
  pool: pg.Pool,
  source: SeedSource,
  specs: AuditSpec[],
  options: { parseTime?: Date } = {},
): Promise<SeededEvent[]> {
  const logType = getLogType(RAPID7_AUDIT_LOG);
  const parseTime = options.parseTime ?? new Date();
  const seeded: SeededEvent[] = [];
  const stored = specs.map((spec) => {
    const raw = auditMessage(spec);
    const result = normalizeRaw(logType, raw, { sourceId: source.id, sourceLabel: source.name, parseTime });
    if (!result.ok) throw new Error(`Seed event does not normalize: ${result.failure.reason}`);
    seeded.push({
      auditId: result.event.index.auditId,
      rowId: result.event.rowId,
      time: result.event.eventTime,
      raw,
      spec,
    });
    sequence += 1n;
    return {
      event: result.event,
      raw,
      receivedAtMs: spec.time.getTime() + 1_000,
      logId: "0b1c6f52-5c1e-4a3e-9d7a-2f1e8d0a4b11",
      sequence: String(sequence),
    };
  });
  const client = await pool.connect();
  try {
    for (let i = 0; i < stored.length; i += 5_000)
      await writeBatch(client, source.id, { events: stored.slice(i, i + 5_000), failures: [], checkpointMs: null });
  } finally {
    client.release();
  }
  return seeded;
}

/** Stores classification failures for raw messages, with the reason an older normalizer might have given. */
export async function seedFailures(
  pool: pg.Pool,
  source: SeedSource,
  failures: { raw: string; reason?: string; code?: StoredFailure["failure"]["code"]; receivedAt?: Date }[],
): Promise<void> {
  const client = await pool.connect();
  try {
    await writeBatch(client, source.id, {
      events: [],
      failures: failures.map((f) => {
        sequence += 1n;
        return {
          failure: {
            code: f.code ?? "invalid_value",
            reason: f.reason ?? "Rejected by an older version of the schema.",
            rawPayload: f.raw,
          },
          logType: RAPID7_AUDIT_LOG,
          receivedAtMs: (f.receivedAt ?? new Date()).getTime(),
          logId: "0b1c6f52-5c1e-4a3e-9d7a-2f1e8d0a4b11",
          sequence: String(sequence),
        };
      }),
      checkpointMs: null,
    });
  } finally {
    client.release();
  }
}
