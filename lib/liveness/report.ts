import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { workerStatus } from "./workers";

/**
 * What GET /api/health answers, for load balancers and uptime checks: 200 while the
 * database answers (with whether a worker is alive), 503 when it does not.
 */
export type LivenessReport =
  | {
      httpStatus: 200;
      body: { status: "ok"; database: "ok"; worker: "online" | "stopping" | "offline"; workers: number };
    }
  | { httpStatus: 503; body: { status: "error"; database: "unreachable" } };

export async function livenessReport(): Promise<LivenessReport> {
  try {
    await db.$queryRaw`SELECT 1`;
    const worker = await workerStatus(env().INTAKE_HEARTBEAT_SECONDS);
    return {
      httpStatus: 200,
      body: { status: "ok", database: "ok", worker: worker.state, workers: worker.liveWorkers },
    };
  } catch {
    return { httpStatus: 503, body: { status: "error", database: "unreachable" } };
  }
}
