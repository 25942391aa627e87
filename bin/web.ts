/**
 * `npm run web`: only the web server, for deployments that run web and workers as
 * separate processes. Applies pending migrations first (safe to run on every
 * instance: the migrator takes an advisory lock), then hands over to `next start`,
 * restarting it if it crashes and exiting with an error if it keeps crashing.
 */
import { migrate } from "@/lib/db/migrator";
import { resolveDatabase } from "@/lib/db/resolve";
import { env, InvalidEnvironmentError } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { intakeChildEnvironment } from "./launcher/child-env";
import { startChild, webServerArgs } from "./launcher/children";

const log = createLogger({ process: "web" });

async function main(): Promise<void> {
  const settings = env();
  const database = await resolveDatabase();
  await migrate(database.url, { log: (message) => log.info(message) });
  const web = startChild({
    name: "web",
    command: process.execPath,
    args: webServerArgs({ processes: settings.INTAKE_WEB_PROCESSES, port: settings.PORT, host: settings.HOST }),
    env: intakeChildEnvironment({ databaseUrl: database.url }),
    log,
    onGiveUp: (code) => process.exit(code || 1),
  });
  // The web server runs in its own process group: it gets one SIGTERM from here, not
  // the terminal's SIGINT as well.
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await web.stop(35_000);
      await database.stop();
      process.exit(0);
    })();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(
    error instanceof InvalidEnvironmentError
      ? error.message
      : `Intake web failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
