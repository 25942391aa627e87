import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Applies the SQL migrations in prisma/migrations and records them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same
 * SHA-256 checksums, same advisory lock), so either tool can take over a database
 * the other one migrated. Each migration runs in a transaction: a failure leaves
 * no half-applied schema and is recorded as rolled back, so the next start retries.
 */

/** The advisory lock id Prisma Migrate takes; sharing it keeps both tools mutually exclusive. */
export const PRISMA_MIGRATE_LOCK_ID = 72707369;

export type Migration = { name: string; script: string; checksum: string };
export type MigrationReport = { applied: string[]; alreadyApplied: number; warnings: string[] };
export type MigrateOptions = {
  migrationsDir?: string;
  lockTimeoutMs?: number;
  log?: (message: string) => void;
};

export class MigrationFailedError extends Error {
  constructor(
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(
      `Migration ${migrationName} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        "The database is unchanged by it; fix the migration's SQL and start again.",
      { cause },
    );
    this.name = "MigrationFailedError";
  }
}

export function defaultMigrationsDir(): string {
  return path.resolve(process.cwd(), "prisma", "migrations");
}

export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** Prisma accepts a recorded checksum when the script matches it with either line ending. */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => migrationChecksum(variant) === checksum);
}

export function readMigrations(migrationsDir = defaultMigrationsDir()): Migration[] {
  return readdirSync(migrationsDir)
    .filter((entry) => statSync(path.join(migrationsDir, entry)).isDirectory())
    .sort()
    .map((name) => {
      const script = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, script, checksum: migrationChecksum(script) };
    });
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export async function migrate(connectionString: string, options: MigrateOptions = {}): Promise<MigrationReport> {
  const log = options.log ?? (() => {});
  const migrations = readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString, application_name: "intake-migrator" });
  await client.connect();
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 120_000, log);
    try {
      return await applyPending(client, migrations, log);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    }
  } finally {
    await client.end();
  }
}

async function acquireLock(client: pg.Client, timeoutMs: number, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_MIGRATE_LOCK_ID,
    ]);
    if (rows[0]?.locked) return;
    if (!announced) {
      log("Another process is migrating the database; waiting for it to finish.");
      announced = true;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the migration lock (advisory lock ${PRISMA_MIGRATE_LOCK_ID}). ` +
          "Another migration may be stuck: check pg_locks for the session holding it.",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function applyPending(
  client: pg.Client,
  migrations: Migration[],
  log: (message: string) => void,
): Promise<MigrationReport> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  const warnings: string[] = [];
  const unfinished = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (unfinished) {
    throw new Error(
      `Migration ${unfinished.migration_name} started earlier but never finished (Prisma error P3009). ` +
        `Check the database, then mark it with \`npx prisma migrate resolve --rolled-back ${unfinished.migration_name}\` ` +
        `or delete its row from _prisma_migrations.`,
    );
  }
  const finished = new Map(rows.filter((row) => row.finished_at !== null).map((row) => [row.migration_name, row]));
  const local = new Set(migrations.map((migration) => migration.name));
  for (const row of finished.values()) {
    if (!local.has(row.migration_name)) {
      warnings.push(`Migration ${row.migration_name} is recorded in the database but missing from prisma/migrations.`);
    }
  }

  const applied: string[] = [];
  for (const migration of migrations) {
    const record = finished.get(migration.name);
    if (record) {
      if (!scriptMatchesChecksum(migration.script, record.checksum)) {
        warnings.push(`Migration ${migration.name} was edited after it was applied; the database keeps the original.`);
      }
      continue;
    }
    await applyOne(client, migration);
    log(`Applied migration ${migration.name}`);
    applied.push(migration.name);
  }
  for (const warning of warnings) log(`Warning: ${warning}`);
  return { applied, alreadyApplied: finished.size, warnings };
}

async function applyOne(client: pg.Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    await client.query("BEGIN");
    await client.query(migration.script);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2, rolled_back_at = now() WHERE id = $1`, [
      id,
      error instanceof Error ? error.message : String(error),
    ]);
    throw new MigrationFailedError(migration.name, error);
  }
}
