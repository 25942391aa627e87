import { appVersion } from "@/lib/version";
import type { OutgoingRequest } from "./webhook";

/**
 * One POST to a destination: 10 s timeout, redirects not followed (a redirect could
 * carry an alert, or a signed request, somewhere the admin never configured). The
 * outcome says whether trying again can help: timeouts, connection errors, 5xx, 408 and
 * 429 are worth retrying; any other 4xx and 3xx are not. Error texts never contain the
 * URL (it is a credential for Slack).
 */
export const DELIVERY_TIMEOUT_MS = 10_000;

export type SendOutcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; permanent: boolean };

const BODY_SNIPPET = 200;

export async function postToDestination(url: string, request: OutgoingRequest, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<SendOutcome> {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body: request.body,
      headers: { "user-agent": `Intake/${appVersion()}`, ...request.headers },
      redirect: "manual",
      signal,
      cache: "no-store",
    });
  } catch (error) {
    if (timeout.aborted) return { ok: false, status: null, error: `No answer within ${timeoutMs / 1000} s.`, permanent: false };
    if (options.signal?.aborted) return { ok: false, status: null, error: "The worker stopped before the destination answered.", permanent: false };
    return { ok: false, status: null, error: `Could not reach the destination: ${networkReason(error)}.`, permanent: false };
  }
  const status = response.status;
  const snippet = await readSnippet(response);
  if (status >= 200 && status < 300) return { ok: true, status };
  const answered = `The destination answered HTTP ${status}${snippet ? `: ${snippet}` : ""}`;
  if (status >= 300 && status < 400) {
    return { ok: false, status, error: `The destination answered with a redirect (HTTP ${status}). Intake does not follow redirects: use the final URL.`, permanent: true };
  }
  if (status === 408 || status === 429 || status >= 500) return { ok: false, status, error: `${answered}.`, permanent: false };
  return { ok: false, status, error: `${answered}. Not retried: check the URL and the receiver.`, permanent: true };
}

/** The first characters of the answer, as one line of text, for the delivery log. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 2048) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body cut off mid-way still has a status worth recording.
  } finally {
    await reader.cancel().catch(() => {});
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks)).replace(/\s+/g, " ").trim();
  return text.length > BODY_SNIPPET ? `${text.slice(0, BODY_SNIPPET)}…` : text;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (ECONNREFUSED)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host name does not resolve (${code})`;
    case "ECONNRESET":
      return "the connection was reset (ECONNRESET)";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return "the connection timed out";
    case undefined:
      // e.g. fetch's "bad port" (ports it never connects to, like 25 or 6000).
      return cause?.message ? cause.message : "network error";
    default:
      return code.startsWith("ERR_TLS") || code.includes("CERT") ? `TLS error (${code})` : code;
  }
}
