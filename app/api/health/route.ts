import { connection } from "next/server";
import { healthReport } from "@/lib/health/service";

/** Liveness for load balancers and uptime checks: 200 while the database answers. */
export async function GET() {
  await connection();
  const report = await healthReport();
  return Response.json(report.body, { status: report.httpStatus });
}
