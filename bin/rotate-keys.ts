/**
 * `npm run keys:rotate`: re-encrypts every stored secret (Rapid7 API keys, alert destinations'
 * URLs and signing secrets) with a new key.
 *   Embedded install (keys in .data/secrets.json): stop Intake, run this, start Intake.
 *   INTAKE_ENCRYPTION_KEY set: put the new key in INTAKE_ENCRYPTION_KEY and the old one in
 *   INTAKE_PREVIOUS_ENCRYPTION_KEY on every process, restart them, run this, then drop
 *   the previous key and restart again.
 */
import { beginLocalKeyRotation, finishLocalKeyRotation, secrets, usesLocalSecrets } from "@/lib/config/secrets";
import { resealDestinationSecrets } from "@/lib/alerts/destinations/secrets";
import type { RotationReport } from "@/lib/crypto/rotate";
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
    const sources = await resealSourceApiKeys();
    const destinations = await resealDestinationSecrets();
    printReport(sources, "API key(s)", "the key of source");
    printReport(destinations, "alert destination(s)", "the URL or signing secret of alert destination");
    if (sources.failed.length + destinations.failed.length > 0) {
      console.error(
        "Rotation incomplete: the previous key is still needed. Fix what is listed above (replace those API keys or destination URLs) and run this again.",
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

function printReport(report: RotationReport, what: string, each: string): void {
  console.log(`Re-encrypted ${report.resealed} ${what}; ${report.alreadyCurrent} already used the current key.`);
  for (const failure of report.failed)
    console.error(`Could not re-encrypt ${each} "${failure.name}": ${failure.reason}`);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof InvalidEnvironmentError
      ? error.message
      : `Key rotation failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
