/**
 * Worker process entry (`npm run worker` runs its bundle, made by bin/prepare.mjs). Runs
 * every job Intake has; start as many as you like, on as many machines as you like,
 * against one Postgres.
 */
import { migrate } from "@/lib/db/migrator";
import { resolveDatabase } from "@/lib/db/resolve";
import { disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { env, InvalidEnvironmentError } from "@/lib/env";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { closeAbandonedRuns } from "@/lib/worker/abandoned-runs";
import { jobRegistry } from "@/lib/worker/registry";
import { startWorkerRuntime, type WorkerRuntime } from "@/lib/worker/runtime";
import { appVersion } from "@/lib/version";

const log = createLogger({ process: "worker", pid: process.pid });
let runtime: WorkerRuntime | undefined;
let database: Awaited<ReturnType<typeof resolveDatabase>> | undefined;

// Installed before anything starts, so a stop signal during start-up is graceful too.
// The first SIGTERM or SIGINT starts a graceful stop; asking again is a deliberate
// "exit now". Under `npm start` the launcher runs this process in its own process group
// and sends it exactly one SIGTERM, so a Ctrl-C in the terminal is one request, not two.
let signals = 0;
function onSignal(signal: NodeJS.Signals): void {
  signals += 1;
  if (signals > 1) {
    log.warn("second stop signal: exiting now; jobs in hand return to the queue when they expire", { signal });
    process.exit(1);
  }
  log.info("stop requested", { signal });
  void shutdown(0);
}
process.on("SIGTERM", onSignal);
process.on("SIGINT", onSignal);

// Started by the launcher: its IPC channel closes when it dies. Stop gracefully then
// (the same stop as a signal's, never a second request), so no worker is orphaned.
if (process.channel) {
  process.channel.unref();
  process.once("disconnect", () => {
    log.warn("the launcher went away: stopping");
    void shutdown(0);
  });
}

let shuttingDown: Promise<void> | undefined;
function shutdown(code: number): Promise<void> {
  shuttingDown ??= (async () => {
    // A signal during start-up waits for it, so what was started is stopped properly.
    await startup.catch(() => {});
    await runtime?.stop();
    await stopQueueSender();
    await disconnectDatabase();
    await database?.stop();
    process.exit(code);
  })();
  return shuttingDown;
}

async function main(): Promise<void> {
  const settings = env();
  database = await resolveDatabase();
  await migrate(database.url, { log: (message) => log.info(message) });
  useDatabaseUrl(database.url);
  runtime = await startWorkerRuntime({
    connectionString: database.url,
    jobs: jobRegistry,
    heartbeatSeconds: settings.INTAKE_HEARTBEAT_SECONDS,
    version: appVersion(),
    log,
  });
  // A worker that died (this machine's previous one, say) may have left pull runs "running".
  const abandoned = await closeAbandonedRuns(settings.INTAKE_HEARTBEAT_SECONDS).catch((error: unknown) => {
    log.warn("could not close the pull runs of workers that are gone", { error });
    return 0;
  });
  if (abandoned > 0) log.warn("closed pull runs whose worker is gone", { runs: abandoned });
}

const startup = main();
startup.catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) console.error(error.message);
  else console.error("Intake worker failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
