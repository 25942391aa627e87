/**
 * Container healthchecks (Dockerfile, compose.yaml):
 *   node --import tsx bin/healthcheck.ts web     the console answers GET /api/health with 200
 *   node --import tsx bin/healthcheck.ts worker  this container's worker wrote a fresh heartbeat
 * Exits 0 when healthy, 1 otherwise, saying why on stderr.
 */
import { hostname } from "node:os";
import { disconnectDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { workerAliveOnHost } from "@/lib/liveness/workers";

async function healthy(role: string | undefined): Promise<boolean> {
  const settings = env();
  if (role === "web") {
    const host = settings.HOST === "0.0.0.0" || settings.HOST === "::" ? "127.0.0.1" : settings.HOST;
    const response = await fetch(`http://${host.includes(":") ? `[${host}]` : host}:${settings.PORT}/api/health`);
    return response.ok;
  }
  if (role === "worker") {
    try {
      return await workerAliveOnHost(hostname(), settings.INTAKE_HEARTBEAT_SECONDS);
    } finally {
      await disconnectDatabase();
    }
  }
  throw new Error("Usage: node --import tsx bin/healthcheck.ts web|worker");
}

healthy(process.argv[2]).then(
  (ok) => {
    if (!ok) console.error(`Intake ${process.argv[2]} is not healthy.`);
    process.exit(ok ? 0 : 1);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
