/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded database). */
import { migrate } from "@/lib/db/migrator";
import { resolveDatabase } from "@/lib/db/resolve";
import { InvalidEnvironmentError } from "@/lib/env";

async function main(): Promise<void> {
  const database = await resolveDatabase();
  try {
    const report = await migrate(database.url, { log: (message) => console.log(message) });
    console.log(
      report.applied.length
        ? `Applied ${report.applied.length} migration(s); ${report.alreadyApplied} were already applied.`
        : `Database is up to date (${report.alreadyApplied} migrations applied).`,
    );
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(
    error instanceof InvalidEnvironmentError
      ? error.message
      : `Migration failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
