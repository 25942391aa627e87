import { randomBytes } from "node:crypto";
import type { NextResponse } from "next/server";
import { fromTrustedProxy } from "@/lib/auth/client-address";

/**
 * The security headers proxy.ts puts on every page and API response (static assets get
 * the fixed ones from next.config.js): a Content-Security-Policy, and HSTS when the
 * console is served over https.
 *
 * Pages get a fresh nonce per request. Next.js reads it from the request's
 * Content-Security-Policy header and puts it on every script it renders, so scripts run
 * only when they carry it ('strict-dynamic' lets those scripts load the rest of the app):
 * a script injected into a page does not run. This is why every page renders dynamically
 * (app/layout.tsx): a page rendered at build time would carry no nonce.
 */

/** Request header carrying the nonce to server components that render a script of their own. */
export const NONCE_HEADER = "x-nonce";

/** Two years, and the console's subdomains too; no `preload` (that is the owner's decision, for the whole domain). */
const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/** API responses are data, never documents: nothing may load from them, and no page may frame them. */
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

function newNonce(): string {
  return randomBytes(18).toString("base64");
}

function pageContentSecurityPolicy(nonce: string, options: { https: boolean; development: boolean }): string {
  return [
    "default-src 'self'",
    // 'unsafe-eval' only under `next dev`: React rebuilds server error stacks with eval there.
    // ('self' is for browsers too old for 'strict-dynamic'; newer ones ignore it.)
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    // Stylesheets from the console; style elements only with the nonce (the dev overlay
    // injects its own without one, hence 'unsafe-inline' under `next dev`).
    `style-src 'self' ${options.development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    // Style attributes cannot carry a nonce, and the console renders a few (bar widths,
    // reserved heights): they are allowed. They can restyle a page but run nothing.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * Whether the browser reached the console over https: NEXTAUTH_URL says so, or a trusted
 * reverse proxy (INTAKE_TRUSTED_PROXIES) forwarded the request with X-Forwarded-Proto:
 * https. Anyone else's X-Forwarded-Proto is ignored. (`next start` itself speaks plain http.)
 */
function servedOverHttps(
  headers: Headers,
  settings: { appUrl: string | undefined; trustedProxies: readonly string[] },
): boolean {
  if (settings.appUrl?.startsWith("https://")) return true;
  if (!fromTrustedProxy(headers, settings.trustedProxies)) return false;
  // The first entry is the protocol the browser used with the outermost proxy.
  const forwarded = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https";
}

export type ResponseSecurity = {
  /** The request headers to hand on to the page render (they carry the nonce). */
  requestHeaders: Headers;
  /** Puts the security headers on the proxy's response, whichever it is (pass-through or redirect). */
  apply<T extends NextResponse>(response: T): T;
};

export function responseSecurity(
  request: { headers: Headers; pathname: string },
  settings: { appUrl: string | undefined; trustedProxies: readonly string[]; development: boolean },
): ResponseSecurity {
  const https = servedOverHttps(request.headers, settings);
  const isApi = request.pathname === "/api" || request.pathname.startsWith("/api/");
  const requestHeaders = new Headers(request.headers);
  let policy = API_CONTENT_SECURITY_POLICY;
  if (!isApi) {
    const nonce = newNonce();
    policy = pageContentSecurityPolicy(nonce, { https, development: settings.development });
    requestHeaders.set(NONCE_HEADER, nonce);
    requestHeaders.set("content-security-policy", policy);
  }
  return {
    requestHeaders,
    apply(response) {
      response.headers.set("content-security-policy", policy);
      if (https) response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
      return response;
    },
  };
}
