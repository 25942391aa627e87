/**
 * `npm run restore -- <file> [--replace]`: restores a backup made by `npm run backup` into
 * the data directory (INTAKE_DATA_DIR, default .data). Refuses a directory that already holds
 * data unless --replace is given; then the current one is moved aside, not deleted.
 */
import { dataDir } from "@/lib/config/paths";
import { BackupError, restoreDataDir } from "@/lib/db/backup";
import { env, InvalidEnvironmentError } from "@/lib/env";

function main(): void {
  const args = process.argv.slice(2);
  const replace = args.includes("--replace");
  const files = args.filter((arg) => arg !== "--replace");
  if (files.length !== 1) throw new BackupError("Usage: npm run restore -- <backup file> [--replace]");
  if (env().DATABASE_URL) {
    throw new BackupError(
      "DATABASE_URL is set: a backup restores the embedded database only. Unset DATABASE_URL to restore.",
    );
  }
  const target = dataDir();
  const restored = restoreDataDir({ dataDir: target, file: files[0]!, replace });
  if (restored.movedAside) console.log(`The previous data directory was moved to ${restored.movedAside}.`);
  console.log(`Restored the backup of ${restored.createdAt} into ${target}. Start Intake with \`npm start\`.`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof BackupError || error instanceof InvalidEnvironmentError ? error.message : error);
  process.exitCode = 1;
}
