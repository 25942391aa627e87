import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resetSecretsCache } from "@/lib/config/secrets";
import { disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { createDatabase, startTestCluster, type TestCluster } from "../../tests/helpers/test-postgres";
import { freePort } from "../../tests/helpers/free-port";

/**
 * What a benchmark runs against: a durable PostgreSQL (default fsync settings, so the
 * numbers mean something), the Rapid7 simulator in its own process (its memory is not
 * the worker's), and this process wired to both.
 */
export type BenchEnvironment = {
  cluster: TestCluster;
  databaseUrl: string;
  simulator: {
    origin: string;
    baseUrlTemplate: string;
    process: ChildProcess;
    control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  };
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
};

export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  Object.assign(process.env, { NODE_ENV: "production" });
  process.env.INTAKE_LOG_LEVEL ??= "warn";
  process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
  process.env.INTAKE_ENCRYPTION_KEY ??= Buffer.alloc(32, 9).toString("base64");
  const cluster = await startTestCluster({
    durable: true,
    settings: { shared_buffers: "512MB", max_wal_size: "4GB", max_connections: "300" },
  });
  const databaseUrl = await createDatabase(cluster.adminUrl);
  process.env.DATABASE_URL = databaseUrl;

  const port = await freePort();
  const simulatorProcess = spawn(
    process.execPath,
    ["--import", "tsx", "bin/simulator.ts", "--port", String(port), "--seed-days", "0"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    simulatorProcess.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve();
    });
    simulatorProcess.once("exit", (code) => reject(new Error(`simulator exited (${code})`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const baseUrlTemplate = `${origin}/{region}`;
  process.env.RAPID7_BASE_URL_TEMPLATE = baseUrlTemplate;
  resetEnvCache();
  resetSecretsCache();
  await disconnectDatabase();
  useDatabaseUrl(databaseUrl);

  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${origin}/_control${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`simulator control ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  return {
    cluster,
    databaseUrl,
    simulator: { origin, baseUrlTemplate, process: simulatorProcess, control },
    env: { ...process.env },
    close: async () => {
      await disconnectDatabase();
      simulatorProcess.kill("SIGTERM");
      await cluster.stop();
    },
  };
}

/** Peak resident set size of a process (Linux VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export function formatRate(events: number, ms: number): string {
  return `${Math.round(events / (ms / 1000)).toLocaleString("en-US")} events/s`;
}
