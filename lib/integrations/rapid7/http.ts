import type { z } from "zod";
import { Rapid7Error } from "./errors";
import { PageOverBudget } from "./page-body";

/**
 * One HTTP request to Rapid7: sends the key, applies a timeout, reads the rate-limit
 * headers, classifies failures into Rapid7Error kinds and validates the body with zod.
 * The key is only ever sent to the configured API origin, even when a response's link
 * points elsewhere.
 */
export type ApiFamily = "query" | "management";
export type RateLimitSnapshot = { family: ApiFamily; limit: number; remaining: number; resetAt: Date };

export type HttpContext = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onRateLimit?: (snapshot: RateLimitSnapshot) => void;
  onRequest?: (url: string) => void;
  now: () => number;
};

export type HttpResult<T> = { status: number; body: T; rateLimit?: RateLimitSnapshot; bytes: number };

/** Reads a 200/202 body into JSON; query pages use a reader with a memory budget (page-body.ts). */
export type BodyReader = (response: Response) => Promise<{ json: unknown; bytes: number }>;

const readWholeBody: BodyReader = async (response) => {
  const text = await response.text();
  return { json: JSON.parse(text), bytes: Buffer.byteLength(text, "utf8") };
};

/** An error answer is only read for its message: its first bytes are plenty. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export function familyOf(url: string): ApiFamily {
  return /\/(log_search\/)?(query|download)\//.test(new URL(url).pathname) ? "query" : "management";
}

export async function rapid7Get<S extends z.ZodType>(
  http: HttpContext,
  url: string,
  schema: S,
  options: { continuation?: boolean; readBody?: BodyReader } = {},
): Promise<HttpResult<z.output<S>>> {
  assertSameOrigin(http.baseUrl, url);
  http.onRequest?.(url);
  const timeout = AbortSignal.timeout(http.timeoutMs);
  const signal = http.signal ? AbortSignal.any([http.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { "X-Api-Key": http.apiKey, Accept: "application/json" },
      signal,
      redirect: "error",
    });
  } catch (error) {
    if (http.signal?.aborted) throw error;
    throw networkError(error, url);
  }
  const rateLimit = readRateLimit(response.headers, familyOf(url), http.now());
  if (rateLimit) http.onRateLimit?.(rateLimit);

  if (response.status !== 200 && response.status !== 202) {
    const text = await readErrorText(response).catch((error: unknown) => {
      throw new Rapid7Error("transient", "The connection to Rapid7 broke while reading its answer.", {
        url,
        cause: error,
      });
    });
    throw statusError(response, text, url, options.continuation ?? false, http.now());
  }

  let json: unknown;
  let bytes: number;
  try {
    ({ json, bytes } = await (options.readBody ?? readWholeBody)(response));
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new Rapid7Error("invalid_response", `Rapid7 answered ${response.status} with a body that is not JSON.`, {
        status: response.status,
        url,
        cause: error,
      });
    }
    // Not Rapid7's fault: the page outgrew its memory budget (page-body.ts); the query asks again for less.
    if (error instanceof PageOverBudget || http.signal?.aborted) throw error;
    throw new Rapid7Error("transient", "The connection to Rapid7 broke while reading its answer.", {
      url,
      cause: error,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Rapid7Error(
      "invalid_response",
      `Rapid7's answer did not have the documented shape (${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "unknown"}).`,
      { status: response.status, url },
    );
  }
  return { status: response.status, body: parsed.data, rateLimit, bytes };
}

async function readErrorText(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString("utf8");
}

function assertSameOrigin(baseUrl: string, url: string): void {
  if (new URL(url).origin !== new URL(baseUrl).origin) {
    throw new Rapid7Error(
      "invalid_response",
      `Rapid7 returned a link to another host (${new URL(url).host}); Intake does not send the API key there.`,
      { url },
    );
  }
}

function readRateLimit(headers: Headers, family: ApiFamily, now: number): RateLimitSnapshot | undefined {
  const pick = (name: string) => headers.get(`x-ratelimit-${name}`) ?? headers.get(`ratelimit-${name}`);
  const limit = Number(pick("limit"));
  const remaining = Number(pick("remaining"));
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || pick("limit") === null || pick("remaining") === null)
    return undefined;
  // Rapid7 sends Reset as seconds until the window resets (not an epoch), whatever older docs say.
  const reset = secondsHeader(headers, "x-ratelimit-reset") ?? secondsHeader(headers, "ratelimit-reset") ?? 900;
  const resetAt = new Date(now + reset * 1000);
  return { family, limit, remaining, resetAt };
}

function statusError(response: Response, text: string, url: string, continuation: boolean, now: number): Rapid7Error {
  const status = response.status;
  const message = safeMessage(text);
  const suffix = message ? ` Rapid7 said: "${message}".` : "";
  switch (true) {
    case status === 401:
      return new Rapid7Error(
        "credentials",
        `Rapid7 rejected the API key (401). The key is wrong, revoked, or belongs to another region.${suffix}`,
        { status, url },
      );
    case status === 403:
      return new Rapid7Error(
        "permission",
        `The API key is valid but may not read audit logs (403). Audit logs need an organization key, or a user key with Administrator rights.${suffix}`,
        { status, url },
      );
    case status === 404 && continuation:
      return new Rapid7Error(
        "expired",
        "Rapid7's link to the rest of the results expired (404); the time window is queried again.",
        { status, url },
      );
    case status === 404:
      return new Rapid7Error(
        "configuration",
        `Rapid7 does not know this log (404): it may have been deleted.${suffix}`,
        { status, url },
      );
    case status === 429: {
      const seconds =
        secondsHeader(response.headers, "retry-after") ??
        secondsHeader(response.headers, "x-ratelimit-reset") ??
        secondsHeader(response.headers, "ratelimit-reset") ??
        60;
      return new Rapid7Error(
        "rate_limited",
        `Rapid7's rate limit for this key is used up; it resets in ${Math.ceil(seconds)} s.`,
        { status, url, retryAfterSeconds: seconds },
      );
    }
    case status === 400:
      return new Rapid7Error("configuration", `Rapid7 refused the request as invalid (400).${suffix}`, { status, url });
    case status >= 500:
      return new Rapid7Error("transient", `Rapid7 had a server error (${status}).${suffix}`, { status, url });
    default:
      void now;
      return new Rapid7Error("invalid_response", `Rapid7 answered with an unexpected status ${status}.${suffix}`, {
        status,
        url,
      });
  }
}

function secondsHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function safeMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === "string" ? body.message.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

function networkError(error: unknown, url: string): Rapid7Error {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  if ((error as Error).name === "TimeoutError") {
    return new Rapid7Error("transient", "Rapid7 did not answer in time.", { url, cause: error });
  }
  if (
    code === "ECONNREFUSED" ||
    code === "ENOTFOUND" ||
    code === "EAI_AGAIN" ||
    code === "EHOSTUNREACH" ||
    code === "ENETUNREACH"
  ) {
    return new Rapid7Error(
      "unreachable",
      `Intake cannot reach Rapid7 at ${new URL(url).host} (${code}). Check the region and this server's outbound network.`,
      { url, cause: error },
    );
  }
  return new Rapid7Error("transient", `The connection to Rapid7 failed (${code ?? "network error"}).`, {
    url,
    cause: error,
  });
}
