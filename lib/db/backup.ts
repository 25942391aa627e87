import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { z } from "zod";
import { livePostmasterPid } from "./embedded-postgres";

/**
 * Backup and restore of the embedded default: one gzip'd tar file holding the embedded
 * PostgreSQL cluster (`postgres/`), the generated secrets that decrypt stored API keys and
 * alert destinations (`secrets.json`), and a description (`intake-backup.json`).
 *
 * A copy of the stopped cluster rather than a pg_dump: the embedded-postgres package ships
 * only initdb, pg_ctl and postgres, and another pg_dump (Debian's is PostgreSQL 15) refuses a
 * newer server. A stopped cluster's files are a consistent database by definition, and the
 * restore runs them with the very binaries that wrote them. Hence: stop Intake first.
 */
const CLUSTER = "postgres";
const SECRETS = "secrets.json";
const DESCRIPTION = "intake-backup.json";

const descriptionSchema = z.object({ format: z.literal(1), createdAt: z.string(), intakeVersion: z.string() });

export class BackupError extends Error {
  override name = "BackupError";
}

/** Writes the backup of `dataDir` to `file` (readable by its owner only). */
export function backupDataDir(options: { dataDir: string; file: string; intakeVersion: string }): { file: string } {
  const dataDir = path.resolve(options.dataDir);
  const file = path.resolve(options.file);
  const cluster = path.join(dataDir, CLUSTER);
  if (!existsSync(path.join(cluster, "PG_VERSION"))) {
    throw new BackupError(
      `${dataDir} holds no embedded database. Set INTAKE_DATA_DIR to the data directory Intake uses (or, with DATABASE_URL, back up your own PostgreSQL with its tools).`,
    );
  }
  if (!existsSync(path.join(dataDir, SECRETS))) {
    throw new BackupError(`${path.join(dataDir, SECRETS)} is missing; without it stored API keys cannot be decrypted.`);
  }
  if (livePostmasterPid(cluster) !== undefined) {
    throw new BackupError(
      "Intake's embedded PostgreSQL is running. Stop Intake (Ctrl-C on `npm start`, or stop its service), then run the backup again.",
    );
  }
  const description: z.infer<typeof descriptionSchema> = {
    format: 1,
    createdAt: new Date().toISOString(),
    intakeVersion: options.intakeVersion,
  };
  const descriptionFile = path.join(dataDir, DESCRIPTION);
  writeFileSync(descriptionFile, `${JSON.stringify(description, null, 2)}\n`);
  const partial = `${file}.partial`;
  try {
    // Written next to the target and renamed, so a failed backup never leaves a file that looks whole.
    writeFileSync(partial, "", { mode: 0o600 });
    tar(
      [
        "--create",
        "--gzip",
        "--file",
        partial,
        "--directory",
        dataDir,
        "--exclude",
        `${CLUSTER}/postmaster.pid`,
      ].concat([DESCRIPTION, SECRETS, CLUSTER]),
    );
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
    rmSync(descriptionFile, { force: true });
  }
  return { file };
}

/**
 * Restores a backup into `dataDir`, which must not hold anything unless `replace` is given:
 * then what is there is moved aside to `<dataDir>.replaced-<time>`, never deleted.
 */
export function restoreDataDir(options: { dataDir: string; file: string; replace?: boolean; now?: Date }): {
  createdAt: string;
  movedAside?: string;
} {
  const dataDir = path.resolve(options.dataDir);
  const file = path.resolve(options.file);
  if (!existsSync(file)) throw new BackupError(`There is no backup file at ${file}.`);
  checkMembers(file);
  let movedAside: string | undefined;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    if (!options.replace) {
      throw new BackupError(
        `${dataDir} already holds data. Restore into an empty or new directory (set INTAKE_DATA_DIR), or pass --replace to move the current one aside first.`,
      );
    }
    if (livePostmasterPid(path.join(dataDir, CLUSTER)) !== undefined) {
      throw new BackupError(`Intake's embedded PostgreSQL is running on ${dataDir}. Stop Intake, then restore.`);
    }
    movedAside = `${dataDir}.replaced-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, "-")}`;
    renameSync(dataDir, movedAside);
  }
  mkdirSync(dataDir, { recursive: true });
  try {
    tar(["--extract", "--gzip", "--file", file, "--directory", dataDir]);
    const description = descriptionSchema.parse(JSON.parse(readFileSync(path.join(dataDir, DESCRIPTION), "utf8")));
    rmSync(path.join(dataDir, DESCRIPTION), { force: true });
    return { createdAt: description.createdAt, ...(movedAside ? { movedAside } : {}) };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    if (movedAside) renameSync(movedAside, dataDir);
    throw error instanceof BackupError ? error : new BackupError(`${file} could not be restored: ${String(error)}`);
  }
}

/** Only a backup this module wrote is extracted: its three members, nothing absolute, nothing outside. */
function checkMembers(file: string): void {
  let members: string[];
  try {
    members = tar(["--list", "--gzip", "--file", file]).split("\n").filter(Boolean);
  } catch {
    throw new BackupError(`${file} is not an Intake backup (not a readable .tar.gz).`);
  }
  const allowed = (member: string) =>
    !member.startsWith("/") &&
    !member.split("/").includes("..") &&
    (member === DESCRIPTION || member === SECRETS || member === CLUSTER || member.startsWith(`${CLUSTER}/`));
  // Links could point outside the directory; a PostgreSQL cluster Intake made has none.
  const links = tar(["--list", "--verbose", "--gzip", "--file", file])
    .split("\n")
    .filter((line) => line.startsWith("l") || line.startsWith("h"));
  if (!members.includes(DESCRIPTION) || !members.includes(SECRETS) || !members.every(allowed) || links.length > 0) {
    throw new BackupError(
      `${file} is not an Intake backup (it lacks ${DESCRIPTION} or ${SECRETS}, or holds other files).`,
    );
  }
}

function tar(args: string[]): string {
  try {
    return execFileSync("tar", args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new BackupError(`tar failed: ${stderr || String(error)}`);
  }
}
