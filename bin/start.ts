/**
 * `npm start`: the whole console on one machine. Starts (or reuses) the embedded
 * PostgreSQL unless DATABASE_URL is set, applies migrations, then runs the web server
 * and INTAKE_WORKERS worker processes, restarting any of them that crashes (with
 * backoff), and stopping everything in order on Ctrl-C / SIGTERM. A web server that
 * keeps crashing right after it starts stops the whole console, with an error: without
 * it nobody can reach the console, so running on would only hide the problem. With
 * --demo (or INTAKE_DEMO=1) it also runs the bundled Rapid7 simulator and points
 * Intake at it.
 */
import { migrate } from "@/lib/db/migrator";
import { resolveDatabase } from "@/lib/db/resolve";
import { disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { childEnvironment, env, InvalidEnvironmentError } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { appUrl, intakeChildEnvironment } from "./launcher/child-env";
import { EXIT_WITH_LAUNCHER, type ManagedChild, startChild, webServerArgs } from "./launcher/children";
import { WORKER_ARGS } from "./launcher/worker-args";
import { ensureFirstAdmin } from "@/lib/users/service";

const log = createLogger({ process: "launcher" });

async function main(): Promise<void> {
  const settings = env();
  const demo = settings.INTAKE_DEMO || process.argv.includes("--demo");
  const database = await resolveDatabase({ adoptOrphan: true });
  log.info(database.embedded ? "using the embedded PostgreSQL" : "using the PostgreSQL at DATABASE_URL");
  await migrate(database.url, { log: (message) => log.info(message) });

  useDatabaseUrl(database.url);
  if (settings.INTAKE_ADMIN_EMAIL && settings.INTAKE_ADMIN_PASSWORD) {
    const created = await ensureFirstAdmin({
      email: settings.INTAKE_ADMIN_EMAIL,
      password: settings.INTAKE_ADMIN_PASSWORD,
      name: settings.INTAKE_ADMIN_NAME,
    });
    if (created) log.info("created the first admin from INTAKE_ADMIN_EMAIL", { email: settings.INTAKE_ADMIN_EMAIL });
  }
  await disconnectDatabase();

  const tsx = ["--import", "tsx"];
  const children: ManagedChild[] = [];
  let rapid7Template = settings.RAPID7_BASE_URL_TEMPLATE;
  if (demo) {
    rapid7Template = `http://127.0.0.1:${settings.INTAKE_SIMULATOR_PORT}/{region}`;
    children.push(
      startChild({
        name: "rapid7-simulator",
        command: process.execPath,
        args: [
          ...EXIT_WITH_LAUNCHER,
          ...tsx,
          "bin/simulator.ts",
          "--port",
          String(settings.INTAKE_SIMULATOR_PORT),
          "--live-events-per-minute",
          "6",
        ],
        env: childEnvironment({}),
        log,
      }),
    );
  }

  const shared = intakeChildEnvironment({ databaseUrl: database.url, rapid7BaseUrlTemplate: rapid7Template });

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (code: number) => {
    shuttingDown ??= (async () => {
      log.info("stopping Intake");
      // Web first (stop taking requests), then workers (finish or hand back their jobs), then the database.
      for (const child of [...children].reverse()) await child.stop(35_000);
      await database.stop();
      log.info("stopped");
      process.exit(code);
    })();
  };

  for (let index = 0; index < settings.INTAKE_WORKERS; index += 1) {
    children.push(
      startChild({ name: `worker-${index + 1}`, command: process.execPath, args: WORKER_ARGS, env: shared, log }),
    );
  }
  children.push(
    startChild({
      name: "web",
      command: process.execPath,
      args: webServerArgs({ processes: settings.INTAKE_WEB_PROCESSES, port: settings.PORT, host: settings.HOST }),
      env: shared,
      log,
      onGiveUp: (code) => shutdown(code || 1),
    }),
  );
  log.info(`Intake is starting at ${appUrl()}${demo ? " (demo mode: Rapid7 simulator)" : ""}`);

  // Children run in their own process groups (bin/launcher/children.ts): a Ctrl-C reaches
  // only this process, and each child gets exactly one SIGTERM from shutdown(). Asking
  // again while stopping is deliberate: it is passed on, and a worker then exits at once
  // (its jobs return to the queue when they expire).
  let stopRequests = 0;
  const onStopSignal = (signal: NodeJS.Signals) => {
    stopRequests += 1;
    if (stopRequests === 1) return shutdown(0);
    log.warn("asked again to stop: telling every process to exit now", { signal });
    for (const child of children) child.signal("SIGTERM");
  };
  process.on("SIGINT", onStopSignal);
  process.on("SIGTERM", onStopSignal);
}

main().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) console.error(error.message);
  else console.error("Intake failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
