import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { migrate } from "@/lib/db/migrator";
import { freePort } from "./free-port";

/**
 * A throwaway real PostgreSQL for a test run: a fresh cluster in a temp directory
 * (durability off, it is discarded anyway) and a migrated template database that
 * each test file clones in a few milliseconds.
 */
export const TEMPLATE_DATABASE = "intake_template";
const PASSWORD = "intake-test-password";

export type TestCluster = { adminUrl: string; templateUrl: string; stop(): Promise<void> };

/** `durable` keeps PostgreSQL's default fsync behaviour (benchmarks); tests turn it off for speed. */
export async function startTestCluster(
  options: { durable?: boolean; settings?: Record<string, string> } = {},
): Promise<TestCluster> {
  const root = mkdtempSync(path.join(tmpdir(), "intake-test-pg-"));
  // When tests run as root, the server runs as the postgres user and must reach its directory.
  chmodSync(root, 0o755);
  const running = await startEmbeddedPostgres({
    dataDir: path.join(root, "pg"),
    port: await freePort(),
    password: PASSWORD,
    database: TEMPLATE_DATABASE,
    settings: {
      ...(options.durable ? {} : { fsync: "off", synchronous_commit: "off", full_page_writes: "off" }),
      ...options.settings,
    },
  });
  await migrate(running.url);
  const adminUrl = running.url.replace(/\/[^/]*$/, "/postgres");
  return {
    adminUrl,
    templateUrl: running.url,
    stop: async () => {
      await running.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  return adminUrl.replace(/\/[^/]*$/, `/${database}`);
}

/** Creates a database; from the migrated template unless `empty` is asked for. */
export async function createDatabase(adminUrl: string, options: { empty?: boolean } = {}): Promise<string> {
  const name = `test_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(
      options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`,
    );
  } finally {
    await client.end();
  }
  return databaseUrl(adminUrl, name);
}
