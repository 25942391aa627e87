import { connection } from "next/server";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { workerStatus } from "@/lib/jobs/heartbeat";

/** Liveness for load balancers and uptime checks: 200 while the database answers. */
export async function GET() {
  await connection();
  try {
    await db.$queryRaw`SELECT 1`;
    const worker = await workerStatus(env().INTAKE_HEARTBEAT_SECONDS);
    return Response.json({ status: "ok", database: "ok", worker: worker.state, workers: worker.liveWorkers });
  } catch {
    return Response.json({ status: "error", database: "unreachable" }, { status: 503 });
  }
}
