/**
 * `npm run keys:rotate`: re-encrypts every stored Rapid7 API key with a new key.
 *   Embedded install (keys in .data/secrets.json): stop Intake, run this, start Intake.
 *   INTAKE_ENCRYPTION_KEY set: put the new key in INTAKE_ENCRYPTION_KEY and the old one in
 *   INTAKE_PREVIOUS_ENCRYPTION_KEY on every process, restart them, run this, then drop
 *   the previous key and restart again.
 */
import { beginLocalKeyRotation, finishLocalKeyRotation, secrets, usesLocalSecrets } from "@/lib/config/secrets";
import { resealSourceApiKeys } from "@/lib/sources/api-key";
import { disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { migrate } from "@/lib/db/migrator";
import { resolveDatabase } from "@/lib/db/resolve";
import { env, InvalidEnvironmentError } from "@/lib/env";

async function main(): Promise<void> {
  const local = usesLocalSecrets() && !env().INTAKE_ENCRYPTION_KEY;
  if (!local && !secrets().previousEncryptionKey) {
    console.log(
      "Note: INTAKE_PREVIOUS_ENCRYPTION_KEY is not set, so only values already readable with INTAKE_ENCRYPTION_KEY can be re-sealed.",
    );
  }
  const database = await resolveDatabase();
  try {
    await migrate(database.url);
    useDatabaseUrl(database.url);
    if (local) {
      const { resumed } = beginLocalKeyRotation();
      console.log(
        resumed
          ? "Resuming an interrupted key rotation."
          : "Generated a new encryption key in .data/secrets.json (the old one is kept until this finishes).",
      );
    }
    const report = await resealSourceApiKeys();
    console.log(`Re-encrypted ${report.resealed} API key(s); ${report.alreadyCurrent} already used the current key.`);
    for (const failure of report.failed)
      console.error(`Could not re-encrypt the key of source "${failure.name}": ${failure.reason}`);
    if (report.failed.length > 0) {
      console.error(
        "Rotation incomplete: the previous key is still needed. Fix the sources above (or replace their API keys) and run this again.",
      );
      process.exitCode = 1;
      return;
    }
    if (local) finishLocalKeyRotation();
    console.log(
      local
        ? "Done. The old key is gone; start Intake again."
        : "Done. Remove INTAKE_PREVIOUS_ENCRYPTION_KEY and restart Intake's processes.",
    );
  } finally {
    await disconnectDatabase();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof InvalidEnvironmentError
      ? error.message
      : `Key rotation failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
