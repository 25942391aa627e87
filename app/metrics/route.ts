import { metricsResponse } from "@/lib/metrics/endpoint";

export const dynamic = "force-dynamic";

/** GET /metrics: Prometheus metrics for the whole fleet, behind INTAKE_METRICS_TOKEN (lib/metrics/endpoint.ts). */
export const GET = (request: Request) => metricsResponse(request);
