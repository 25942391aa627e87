import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  MigrationFailedError,
  migrate,
  migrationChecksum,
  readMigrations,
  scriptMatchesChecksum,
} from "@/lib/db/migrator";
import { emptyTestDatabase } from "../helpers/database";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function migrationsFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "intake-migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migration checksums", () => {
  it("are the SHA-256 hex digest Prisma Migrate records", () => {
    // The vector Prisma's own checksum tests use.
    expect(migrationChecksum("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  });

  it("match across line endings, as Prisma's do, and reject other scripts", () => {
    const recorded = migrationChecksum("ab\ncd\n");
    expect(scriptMatchesChecksum("ab\r\ncd\r\n", recorded)).toBe(true);
    expect(scriptMatchesChecksum("ab\ncd", recorded)).toBe(false);
  });
});

describe("migrate", () => {
  it("applies every migration once and records it like prisma migrate deploy", async () => {
    const url = await emptyTestDatabase();
    const first = await migrate(url);
    const expected = readMigrations().map((m) => m.name);
    expect(first.applied).toEqual(expected);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    for (const [index, migration] of readMigrations().entries()) {
      expect(rows[index]?.checksum).toBe(migration.checksum);
      expect(rows[index]?.finished_at).toBeInstanceOf(Date);
      expect(rows[index]?.applied_steps_count).toBe(1);
      expect(rows[index]?.rolled_back_at).toBeNull();
    }
  });

  it("is idempotent: a second run applies nothing and changes nothing", async () => {
    const url = await emptyTestDatabase();
    await migrate(url);
    const before = await query(url, `SELECT * FROM "_prisma_migrations" ORDER BY id`);
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(readMigrations().length);
    expect(await query(url, `SELECT * FROM "_prisma_migrations" ORDER BY id`)).toEqual(before);
  });

  it("lets only one of several processes starting together apply each migration", async () => {
    const url = await emptyTestDatabase();
    // A slow migration widens the window in which an unlocked migrator would race.
    const dir = migrationsFolder({
      "20200101000000_slow": "SELECT pg_sleep(0.5); CREATE TABLE once_only (id int PRIMARY KEY);",
      "20200101000001_second": "INSERT INTO once_only VALUES (1);",
    });
    const reports = await Promise.all(Array.from({ length: 5 }, () => migrate(url, { migrationsDir: dir })));
    const appliedCounts = reports.map((r) => r.applied.length).sort();
    expect(appliedCounts).toEqual([0, 0, 0, 0, 2]);
    const rows = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    expect(rows[0]?.n).toBe("2");
    expect(await query(url, "SELECT * FROM once_only")).toEqual([{ id: 1 }]);
  });

  it("waits for a lock held by another session (such as prisma migrate) before applying", async () => {
    const url = await emptyTestDatabase();
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock(72707369)");
    const messages: string[] = [];
    let finished = false;
    const running = migrate(url, { log: (m) => messages.push(m) }).then((report) => {
      finished = true;
      return report;
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(finished).toBe(false);
    expect(messages[0]).toMatch(/waiting/);
    await holder.query("SELECT pg_advisory_unlock(72707369)");
    await holder.end();
    expect((await running).applied.length).toBe(readMigrations().length);
  });

  it("rolls back a failing migration, records it, and retries it on the next start", async () => {
    const url = await emptyTestDatabase();
    const dir = migrationsFolder({
      "20200101000000_ok": "CREATE TABLE kept (id int);",
      "20200101000001_broken": "CREATE TABLE half_done (id int); SELECT no_such_function();",
    });
    await expect(migrate(url, { migrationsDir: dir })).rejects.toBeInstanceOf(MigrationFailedError);
    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(["_prisma_migrations", "kept"]);
    const rows = await query<{ migration_name: string; logs: string | null; rolled_back_at: Date | null; finished_at: Date | null }>(
      url,
      `SELECT migration_name, logs, rolled_back_at, finished_at FROM "_prisma_migrations" WHERE migration_name LIKE '%broken'`,
    );
    expect(rows[0]?.logs).toMatch(/no_such_function/);
    expect(rows[0]?.rolled_back_at).toBeInstanceOf(Date);
    expect(rows[0]?.finished_at).toBeNull();

    writeFileSync(path.join(dir, "20200101000001_broken", "migration.sql"), "CREATE TABLE half_done (id int);");
    const retry = await migrate(url, { migrationsDir: dir });
    expect(retry.applied).toEqual(["20200101000001_broken"]);
  });

  it("refuses to continue past a migration another tool left unfinished", async () => {
    const url = await emptyTestDatabase();
    await migrate(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('x', 'y', '20990101000000_stuck', now())`,
    );
    await client.end();
    await expect(migrate(url)).rejects.toThrow(/20990101000000_stuck.*never finished/);
  });

  it("warns when an applied migration was edited afterwards", async () => {
    const url = await emptyTestDatabase();
    const dir = migrationsFolder({ "20200101000000_a": "CREATE TABLE a (id int);" });
    await migrate(url, { migrationsDir: dir });
    writeFileSync(path.join(dir, "20200101000000_a", "migration.sql"), "CREATE TABLE a (id bigint);");
    const report = await migrate(url, { migrationsDir: dir });
    expect(report.warnings).toEqual([expect.stringMatching(/20200101000000_a was edited/)]);
  });
});
