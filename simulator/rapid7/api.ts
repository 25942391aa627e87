/**
 * The Rapid7 API request pipeline, in the order a real gateway would apply it:
 * rate limit → injected faults → region → key → route. Paths look like
 * /{region}/log_search/{…} (Platform host) or /{region}/{…} (legacy InsightOps host).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApiContext, type ApiReply, jsonReply } from "./api-context";
import { Rapid7ApiError, notFound } from "./api-error";
import { getContext } from "./context-route";
import { downloadLogs } from "./download-route";
import { toJsonBytes } from "./json";
import { LinkBuilder, type PathStyle } from "./links";
import { getLog, getLogset, listLogs, listLogsets, logsetLogIds } from "./management-routes";
import { createQuery, pollQuery } from "./query-routes";
import { parseGetQuery, parsePostQuery } from "./query-spec";
import type { ApiFamily, RateLimitVerdict } from "./rate-limit";
import { isRapid7Region } from "./regions";
import type { SimulatorRuntime } from "./runtime";

interface ParsedPath {
  region: string;
  style: PathStyle;
  /** Path segments after the region and optional log_search prefix, still URL-encoded. */
  rest: string[];
  family: ApiFamily;
}

function parsePath(pathname: string): ParsedPath {
  const segments = pathname.split("/").filter((segment) => segment.length > 0);
  const region = segments[0] ?? "";
  const prefixed = segments[1] === "log_search";
  const rest = segments.slice(prefixed ? 2 : 1);
  const family: ApiFamily = rest[0] === "query" || rest[0] === "download" ? "query" : "management";
  return { region, style: prefixed ? "log_search" : "legacy", rest, family };
}

/** A Self poll, or a Next link (a query that resumes from a sequence number). */
function isContinuation(path: ParsedPath, url: URL): boolean {
  const [first, second, third] = path.rest;
  if (first !== "query" || second === undefined || second === "context") return false;
  if (second === "logs" || second === "logsets") return url.searchParams.has("sequence_number");
  return third === undefined;
}

export async function handleApiRequest(
  runtime: SimulatorRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): Promise<void> {
  const path = parsePath(url.pathname);
  const headerKey = req.headers["x-api-key"];
  const apiKey = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? "";
  const statsKey = apiKey === "" ? "(none)" : apiKey;
  const verdict = runtime.rateLimiter.consume(statsKey, path.family, runtime.knobs.rateLimit);
  const send = (status: number, reply: ApiReply | { json: unknown }, extraHeaders: Record<string, string> = {}) => {
    runtime.stats.record(statsKey, path.family, status);
    return sendReply(res, status, reply, { ...rateLimitHeaders(verdict), ...extraHeaders });
  };

  if (!verdict.allowed) {
    await applyLatency(runtime);
    return send(429, { json: { message: "Too Many Requests" } }, { "Retry-After": String(verdict.resetSec) });
  }

  const fault = runtime.faults.next({
    path: url.pathname + url.search,
    continuation: isContinuation(path, url),
    apiKey,
  });
  if (fault?.kind === "reset") {
    runtime.stats.record(statsKey, path.family, 0);
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "delay") await runtime.sleeper.sleep(fault.ms);
  if (fault?.kind === "status") {
    const headers: Record<string, string> =
      fault.status === 429
        ? { "Retry-After": String(fault.retryAfterSec), "X-RateLimit-Remaining": "0", "RateLimit-Remaining": "0" }
        : {};
    return send(fault.status, { json: { message: STATUS_TEXT[fault.status] ?? "Error" } }, headers);
  }
  if (fault?.kind === "expireContinuation") {
    const jobId = path.rest.length === 2 && path.rest[0] === "query" ? path.rest[1] : undefined;
    if (jobId !== undefined) runtime.jobs.delete(decodeURIComponent(jobId));
    return send(404, { json: { message: "Not Found" } });
  }

  let reply: ApiReply;
  try {
    reply = route(runtime, path, url, req.method ?? "GET", apiKey, body);
  } catch (error) {
    if (!(error instanceof Rapid7ApiError)) throw error;
    reply = jsonReply(error.status, error.body());
  }
  await applyLatency(runtime);
  return send(reply.status, reply);
}

function route(
  runtime: SimulatorRuntime,
  path: ParsedPath,
  url: URL,
  method: string,
  apiKey: string,
  body: string,
): ApiReply {
  const region = path.region;
  if (!isRapid7Region(region)) throw notFound();
  const key = runtime.state.keyRecord(apiKey);
  if (!key) throw new Rapid7ApiError(401, "Unauthorized");
  const org = runtime.state.requireOrg(key.orgId);
  if (org.region !== region) {
    throw runtime.knobs.wrongRegionStatus === 500
      ? new Rapid7ApiError(500, "Internal Server Error")
      : new Rapid7ApiError(401, "Unauthorized");
  }
  const ctx: ApiContext = {
    runtime,
    region,
    style: path.style,
    links: new LinkBuilder(runtime.origin, region, path.style, runtime.knobs),
    key,
    org,
    url,
    body,
    nowMs: runtime.now(),
  };

  const [a, b, c, ...extra] = path.rest;
  const is = (verb: string) => {
    if (method !== verb) throw new Rapid7ApiError(405, "Method Not Allowed");
    return true;
  };
  if (extra.length === 0) {
    if (a === "validate" && b === undefined && path.style === "legacy" && is("GET"))
      return jsonReply(200, { message: "Authorized" });
    if (a === "management" && b === "logs" && is("GET"))
      return c === undefined ? listLogs(ctx) : getLog(ctx, decodeURIComponent(c));
    if (a === "management" && b === "logsets" && is("GET")) {
      return c === undefined ? listLogsets(ctx) : getLogset(ctx, decodeURIComponent(c));
    }
    if (a === "query" && b === "logs" && c === undefined && is("POST")) {
      return createQuery(ctx, parsePostQuery(body, url.searchParams, runtime.knobs, ctx.nowMs));
    }
    if (a === "query" && b === "logs" && c !== undefined && is("GET")) {
      return createQuery(ctx, parseGetQuery(c, url.searchParams, runtime.knobs, ctx.nowMs));
    }
    if (a === "query" && b === "logsets" && c !== undefined && is("GET")) {
      const ids = logsetLogIds(ctx, decodeURIComponent(c)).join(":");
      return createQuery(ctx, parseGetQuery(ids, url.searchParams, runtime.knobs, ctx.nowMs));
    }
    if (a === "query" && b === "context" && c !== undefined && is("GET")) return getContext(ctx, decodeURIComponent(c));
    if (a === "query" && b !== undefined && c === undefined && is("GET")) return pollQuery(ctx, decodeURIComponent(b));
    if (a === "download" && b === "logs" && c !== undefined && is("GET")) return downloadLogs(ctx, c);
  }
  throw notFound();
}

const STATUS_TEXT: Record<number, string> = {
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function rateLimitHeaders(verdict: RateLimitVerdict): Record<string, string> {
  const limit = String(verdict.limit);
  const remaining = String(verdict.remaining);
  const reset = String(verdict.resetSec);
  return {
    "X-RateLimit-Limit": limit,
    "X-RateLimit-Remaining": remaining,
    "X-RateLimit-Reset": reset,
    "RateLimit-Limit": limit,
    "RateLimit-Remaining": remaining,
    "RateLimit-Reset": reset,
  };
}

async function applyLatency(runtime: SimulatorRuntime): Promise<void> {
  if (runtime.knobs.latencyMs > 0) await runtime.sleeper.sleep(runtime.knobs.latencyMs);
}

async function sendReply(
  res: ServerResponse,
  status: number,
  reply: ApiReply | { json: unknown },
  headers: Record<string, string>,
): Promise<void> {
  if (res.destroyed) return;
  const common = {
    "R7-Correlation-Id": randomUUID(),
    "Access-Control-Expose-Headers": "R7-Correlation-Id",
    ...headers,
  };
  if ("stream" in reply) {
    res.writeHead(status, { ...common, "Content-Type": reply.contentType, "Transfer-Encoding": "chunked" });
    await reply.stream(res);
    res.end();
    return;
  }
  const bytes = toJsonBytes(reply.json);
  res.writeHead(status, { ...common, "Content-Type": "application/json", "Content-Length": bytes.length });
  res.end(bytes);
}
