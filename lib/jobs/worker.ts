/**
 * Worker process entry (`npm run worker`). Runs every job Intake has; start as many
 * as you like, on as many machines as you like, against one Postgres.
 */
import { migrate } from "@/lib/db/migrator";
import { resolveDatabase } from "@/lib/db/resolve";
import { disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { env, InvalidEnvironmentError } from "@/lib/env";
import { jobDefinitions } from "@/lib/jobs/registry";
import { startWorkerRuntime } from "@/lib/jobs/runtime";
import { createLogger } from "@/lib/logger";
import { appVersion } from "@/lib/version";

async function main(): Promise<void> {
  const settings = env();
  const log = createLogger({ process: "worker", pid: process.pid });
  const database = await resolveDatabase();
  await migrate(database.url, { log: (message) => log.info(message) });
  useDatabaseUrl(database.url);
  const runtime = await startWorkerRuntime({
    connectionString: database.url,
    definitions: jobDefinitions,
    heartbeatSeconds: settings.INTAKE_HEARTBEAT_SECONDS,
    version: appVersion(),
    log,
  });

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log.warn("second stop signal: exiting now; running jobs return to the queue when they expire", { signal });
      process.exit(1);
    }
    void (async () => {
      await runtime.stop();
      await disconnectDatabase();
      await database.stop();
      process.exit(0);
    })();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

main().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) console.error(error.message);
  else console.error("Intake worker failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
