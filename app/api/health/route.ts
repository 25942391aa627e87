import { connection } from "next/server";
import { livenessReport } from "@/lib/liveness/report";

/** Liveness for load balancers and uptime checks: 200 while the database answers. */
export async function GET() {
  await connection();
  const report = await livenessReport();
  return Response.json(report.body, { status: report.httpStatus });
}
