import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetSecretsCache, secrets } from "@/lib/config/secrets";
import { db, disconnectDatabase, pool, useDatabaseUrl } from "@/lib/db";
import { type RunningPostgres, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { migrate } from "@/lib/db/migrator";
import { EMBEDDED_DATABASE_NAME } from "@/lib/db/resolve";
import { resetEnvCache } from "@/lib/env";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { openSourceApiKey } from "@/lib/sources/api-key";
import { DEMO_US3_ADMIN_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { freePort } from "../helpers/free-port";
import { seedEvents } from "../helpers/seed-events";
import { useSimulator } from "../helpers/simulator";
import { createTestSource, storedAuditIds } from "../helpers/sources";

/**
 * `npm run backup` and `npm run restore` (the real bin/ entry points, as child processes) on
 * the embedded default: a fresh data directory with its generated secrets, users, a source
 * whose API key is sealed with those secrets, and events; backed up, restored into another
 * fresh directory after the first is deleted, started, and read back.
 */
const saved = { ...process.env };
const roots: string[] = [];
let simulator: Rapid7Simulator;
let running: RunningPostgres | undefined;

function freshRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), "intake-backup-test-"));
  // As root, PostgreSQL runs as the postgres user, who must reach the directory.
  chmodSync(root, 0o755);
  roots.push(root);
  return root;
}

/** The embedded default: secrets generated into the data directory, none from the environment. */
function useDataDir(dataDir: string) {
  process.env.INTAKE_DATA_DIR = dataDir;
  delete process.env.NEXTAUTH_SECRET;
  delete process.env.INTAKE_ENCRYPTION_KEY;
  resetEnvCache();
  resetSecretsCache();
}

async function startDataDir(dataDir: string): Promise<void> {
  useDataDir(dataDir);
  running = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "postgres"),
    port: await freePort(),
    password: secrets().embeddedPostgresPassword,
    database: EMBEDDED_DATABASE_NAME,
  });
  await disconnectDatabase();
  useDatabaseUrl(running.url);
}

async function stopDataDir(): Promise<void> {
  await disconnectDatabase();
  await running?.stop();
  running = undefined;
}

function npmRun(script: "backup" | "restore", args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", `bin/${script}.ts`, ...args], {
    env: { ...process.env, INTAKE_DATA_DIR: dataDir },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
});

afterAll(async () => {
  await stopQueueSender();
  await stopDataDir();
  await simulator.close();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  for (const name of ["INTAKE_DATA_DIR", "NEXTAUTH_SECRET", "INTAKE_ENCRYPTION_KEY"]) process.env[name] = saved[name];
  resetEnvCache();
  resetSecretsCache();
});

describe("backup and restore of the embedded database", () => {
  // Two PostgreSQL starts, a dump and a restore: minutes on a busy shared machine.
  it(
    "restores users, sources with decryptable keys and events into a fresh data directory",
    { timeout: 300_000 },
    async () => {
      const original = path.join(freshRoot(), "data");
      await startDataDir(original);
      await migrate(running!.url);
      const admin = await createActor("ADMIN");
      const analyst = await createActor("ANALYST");
      const source = await createTestSource(admin);
      await seedEvents(pool(), source, [
        { time: new Date(Date.now() - 20 * 60_000), description: "backup event one" },
        { time: new Date(Date.now() - 10 * 60_000), description: "backup event two" },
      ]);
      const auditIds = await storedAuditIds(source.id);
      expect(auditIds.length).toBe(2);
      const generatedSecrets = readFileSync(path.join(original, "secrets.json"), "utf8");

      const file = path.join(freshRoot(), "intake.backup.tar.gz");
      const whileRunning = npmRun("backup", [file], original);
      expect(whileRunning.status).toBe(1);
      expect(whileRunning.output).toContain("Stop Intake");
      expect(existsSync(file)).toBe(false);

      await stopDataDir();
      const backedUp = npmRun("backup", [file], original);
      expect(backedUp.status, backedUp.output).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(backedUp.output).toMatch(/store it encrypted/);

      // An existing data directory is not overwritten unless asked.
      const refused = npmRun("restore", [file], original);
      expect(refused.status).toBe(1);
      expect(refused.output).toContain("already holds data");

      const restored = path.join(freshRoot(), "data");
      const restoredRun = npmRun("restore", [file], restored);
      expect(restoredRun.status, restoredRun.output).toBe(0);
      rmSync(path.dirname(original), { recursive: true, force: true });

      await startDataDir(restored);
      expect(readFileSync(path.join(restored, "secrets.json"), "utf8")).toBe(generatedSecrets);
      const users = await db.user.findMany({ select: { email: true, role: true } });
      expect(users).toEqual(
        expect.arrayContaining([
          { email: admin.email, role: "ADMIN" },
          { email: analyst.email, role: "ANALYST" },
        ]),
      );
      const restoredSource = await db.logSource.findUniqueOrThrow({ where: { id: source.id } });
      expect(restoredSource.name).toBe(source.name);
      expect(openSourceApiKey(restoredSource)).toBe(DEMO_US3_ADMIN_KEY);
      expect(await storedAuditIds(source.id)).toEqual(auditIds);
    },
  );

  it("refuses a file that is not an Intake backup", () => {
    const root = freshRoot();
    const bogus = path.join(root, "bogus.tar.gz");
    writeFileSync(bogus, "not a backup");
    const answer = npmRun("restore", [bogus], path.join(root, "data"));
    expect(answer.status).toBe(1);
    expect(answer.output).toContain("is not an Intake backup");
    expect(existsSync(path.join(root, "data"))).toBe(false);
  });
});
