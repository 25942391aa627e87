import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { appVersion } from "@/lib/version";
import { checkDestinationTarget, type HostResolver, type ResolvedAddress } from "./address-policy";
import type { OutgoingRequest } from "./webhook";

/**
 * One POST to a destination: the host is checked against the address policy and the
 * connection made to exactly the addresses checked (no second DNS lookup that could
 * answer differently); 10 s timeout for the whole attempt; redirects not followed (a
 * redirect could carry an alert, or a signed request, somewhere the admin never
 * configured). The outcome says whether trying again can help: timeouts, connection
 * errors, 5xx, 408 and 429 are worth retrying; any other 4xx, 3xx and a refused address
 * are not.
 *
 * Error texts are a status and a short fixed reason: never the response body (which
 * would turn the delivery log into a way to read internal services) and never the URL
 * (it is a credential for Slack).
 */
const DELIVERY_TIMEOUT_MS = 10_000;

export type SendOutcome =
  { ok: true; status: number } | { ok: false; status: number | null; error: string; permanent: boolean };

export type SendOptions = { signal?: AbortSignal; timeoutMs?: number; resolve?: HostResolver };

export async function postToDestination(
  url: string,
  request: OutgoingRequest,
  options: SendOptions = {},
): Promise<SendOutcome> {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const target = new URL(url);
  const check = await checkDestinationTarget(target, { resolve: options.resolve });
  if (!check.ok) return { ok: false, status: null, error: check.message, permanent: check.reason === "refused" };

  let status: number;
  try {
    status = await send(target, check.addresses, request, signal);
  } catch (error) {
    if (timeout.aborted)
      return { ok: false, status: null, error: `No answer within ${timeoutMs / 1000} s.`, permanent: false };
    if (options.signal?.aborted)
      return {
        ok: false,
        status: null,
        error: "The worker stopped before the destination answered.",
        permanent: false,
      };
    return {
      ok: false,
      status: null,
      error: `Could not reach the destination: ${networkReason(error)}.`,
      permanent: false,
    };
  }
  if (status >= 200 && status < 300) return { ok: true, status };
  if (status >= 300 && status < 400) {
    return {
      ok: false,
      status,
      error: `The destination answered with a redirect (HTTP ${status}). Intake does not follow redirects: use the final URL.`,
      permanent: true,
    };
  }
  if (status === 408 || status === 429 || status >= 500)
    return { ok: false, status, error: `The destination answered HTTP ${status}.`, permanent: false };
  return {
    ok: false,
    status,
    error: `The destination answered HTTP ${status}. Not retried: check the URL and the receiver.`,
    permanent: true,
  };
}

/** A lookup that answers with the checked addresses only, so the socket connects to one of them. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const usable =
      options.family === 4 || options.family === 6
        ? addresses.filter((entry) => entry.family === options.family)
        : addresses;
    const first = usable[0];
    if (!first) {
      callback(Object.assign(new Error("no checked address of the requested family"), { code: "ENOTFOUND" }), "", 0);
      return;
    }
    if (options.all)
      callback(
        null,
        usable.map((entry) => ({ address: entry.address, family: entry.family })),
      );
    else callback(null, first.address, first.family);
  };
}

/** The POST itself; resolves with the status as soon as the headers arrive and never reads the body. */
function send(
  target: URL,
  addresses: readonly ResolvedAddress[],
  request: OutgoingRequest,
  signal: AbortSignal,
): Promise<number> {
  const body = Buffer.from(request.body, "utf8");
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      target,
      {
        method: "POST",
        headers: {
          "user-agent": `Intake/${appVersion()}`,
          "content-length": String(body.byteLength),
          ...request.headers,
        },
        lookup: pinnedLookup(addresses),
        // A fresh connection every time: a pooled socket could lead to an address this attempt did not check.
        agent: false,
        signal,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

function networkReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (ECONNREFUSED)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host name does not resolve (${code})`;
    case "ECONNRESET":
    case "EPIPE":
      return `the connection was reset (${code})`;
    case "ETIMEDOUT":
    case "ENETUNREACH":
    case "EHOSTUNREACH":
      return `the host cannot be reached (${code})`;
    case "HPE_INVALID_CONSTANT":
    case "HPE_INVALID_STATUS":
      return "the answer was not HTTP";
    default:
      if (typeof code !== "string" || !/^[A-Z0-9_]+$/.test(code)) return "network error";
      return code.startsWith("ERR_TLS") || code.includes("CERT") ? `TLS error (${code})` : `network error (${code})`;
  }
}
