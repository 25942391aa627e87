import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startRapid7Simulator } from "@/simulator/rapid7";
import { freePort } from "../../helpers/free-port";
import { createDatabase, startTestCluster } from "../../helpers/test-postgres";
import { E2E_ENCRYPTION_KEY, E2E_SECRET } from "./constants";

/**
 * Starts what the browser tests talk to: a fresh PostgreSQL, and the console itself
 * through the same launcher `npm start` uses (web + one worker), with its output in
 * .test-results/server.log so tests can assert what the server logged.
 */
export default async function globalSetup() {
  const build = spawnSync(process.execPath, ["bin/prepare.mjs", "--build", "--worker"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error("Building the console for the browser tests failed.");

  const cluster = await startTestCluster();
  // The Rapid7 the console talks to: the simulator, in this (the runner's) process; tests drive it over its control API.
  const simulator = await startRapid7Simulator({ seed: { seedDays: 7 } });
  const databaseUrl = await createDatabase(cluster.adminUrl);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "intake-e2e-data-"));
  chmodSync(dataDir, 0o755);
  mkdirSync(".test-results", { recursive: true });
  const serverLog = path.resolve(".test-results", "server.log");
  const logFd = openSync(serverLog, "w");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: E2E_SECRET,
    NEXTAUTH_URL: baseUrl,
    INTAKE_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
    INTAKE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    INTAKE_WORKERS: "1",
    INTAKE_HEARTBEAT_SECONDS: "2",
    INTAKE_LOG_LEVEL: "debug",
    RAPID7_BASE_URL_TEMPLATE: simulator.baseUrlTemplate,
    // The alert destination tests' receiver listens on loopback, which only an allowed host may reach.
    INTAKE_DESTINATION_ALLOWED_HOSTS: "127.0.0.1",
  };
  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "bin/start.ts"], {
    env,
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);

  await waitForHealthy(`${baseUrl}/api/health`, server, serverLog);

  process.env.E2E_BASE_URL = baseUrl;
  process.env.E2E_DATABASE_URL = databaseUrl;
  process.env.E2E_SERVER_LOG = serverLog;
  process.env.E2E_SIMULATOR_ORIGIN = simulator.origin;

  return async () => {
    await new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      const timer = setTimeout(() => server.kill("SIGKILL"), 40_000);
      server.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      server.kill("SIGTERM");
    });
    await simulator.close();
    await cluster.stop();
  };
}

async function waitForHealthy(url: string, server: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`The console exited during start-up (exit ${server.exitCode}); see ${log}.`);
    try {
      const response = await fetch(url);
      const body = (await response.json()) as { worker?: string };
      if (response.ok && body.worker === "online") return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The console did not become healthy within 90 s; see ${log}.`);
}
