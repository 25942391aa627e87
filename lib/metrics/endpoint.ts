import { createHash, timingSafeEqual } from "node:crypto";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { collectMetrics } from "./collect";
import { exposition } from "./exposition";

/**
 * GET /metrics. Off unless INTAKE_METRICS_TOKEN is set: then it answers 404, as if it did
 * not exist (behind a reverse proxy every request comes from the proxy's address, so
 * "loopback only" would open it to everyone the proxy serves). With the token set, a
 * scraper sends `Authorization: Bearer <token>`; anything else is a 401.
 */
const HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } as const;

export async function metricsResponse(request: Request): Promise<Response> {
  const token = env().INTAKE_METRICS_TOKEN;
  if (token === undefined) return new Response("Not found\n", { status: 404, headers: HEADERS });
  if (!presentsToken(request, token)) {
    return new Response("Send the metrics token: Authorization: Bearer <INTAKE_METRICS_TOKEN>\n", {
      status: 401,
      headers: { ...HEADERS, "WWW-Authenticate": 'Bearer realm="intake-metrics"' },
    });
  }
  try {
    const { text, contentType } = await exposition(await collectMetrics(pool()));
    return new Response(text, { status: 200, headers: { ...HEADERS, "Content-Type": contentType } });
  } catch (error) {
    logger.error("Collecting metrics failed", { error });
    return new Response("Collecting metrics failed; see the console's log.\n", { status: 500, headers: HEADERS });
  }
}

function presentsToken(request: Request, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) return false;
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
