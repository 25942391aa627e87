/**
 * `npm run backup [-- <file>]`: writes the embedded database and the secrets that decrypt
 * its stored keys to one file (default intake-backup-<time>.tar.gz). Stop Intake first.
 * The file opens every stored Rapid7 API key: keep it as safe as the data directory.
 */
import { dataDir } from "@/lib/config/paths";
import { BackupError, backupDataDir } from "@/lib/db/backup";
import { env, InvalidEnvironmentError } from "@/lib/env";
import { appVersion } from "@/lib/version";

function main(): void {
  const settings = env();
  if (settings.DATABASE_URL) {
    throw new BackupError(
      "DATABASE_URL is set: this backs up the embedded database only. Back up your PostgreSQL with its own tools (pg_dump), and keep NEXTAUTH_SECRET and INTAKE_ENCRYPTION_KEY with it.",
    );
  }
  const file = process.argv[2] ?? `intake-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.tar.gz`;
  const { file: written } = backupDataDir({ dataDir: dataDir(), file, intakeVersion: appVersion() });
  console.log(`Backup written to ${written}.`);
  console.log(
    "It holds the key that decrypts every stored Rapid7 API key and alert destination: store it encrypted (e.g. `gpg --symmetric`) and where only admins can read it.",
  );
  for (const name of ["INTAKE_ENCRYPTION_KEY", "NEXTAUTH_SECRET"] as const) {
    if (settings[name])
      console.log(`Note: ${name} comes from the environment and is not in the backup; keep it with the backup.`);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof BackupError || error instanceof InvalidEnvironmentError ? error.message : error);
  process.exitCode = 1;
}
