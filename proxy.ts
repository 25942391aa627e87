import { getToken } from "next-auth/jwt";
import { type NextRequest, NextResponse } from "next/server";
import { secrets } from "@/lib/config/secrets";
import { env } from "@/lib/env";
import { responseSecurity } from "@/lib/security/headers";

/**
 * Sends visitors without a session to the sign-in page, and puts the security headers
 * (Content-Security-Policy with a per-request nonce, HSTS over https) on every response;
 * see lib/security/headers.ts. Every page, route handler and server action checks the
 * session and role itself on the server: this only redirects.
 */
// /metrics checks its own bearer token (lib/metrics/endpoint.ts); a scraper has no session to be sent to sign in with.
// /icon.svg is the favicon (app/icon.svg), which the sign-in page shows too.
const PUBLIC_PATHS = ["/sign-in", "/setup", "/api/auth", "/api/health", "/metrics", "/icon.svg"];

export async function proxy(request: NextRequest) {
  const settings = env();
  const security = responseSecurity(
    { headers: request.headers, pathname: request.nextUrl.pathname },
    {
      appUrl: settings.NEXTAUTH_URL,
      trustedProxies: settings.INTAKE_TRUSTED_PROXIES,
      development: settings.NODE_ENV === "development",
    },
  );
  return security.apply(
    await routeBySession(request, () => NextResponse.next({ request: { headers: security.requestHeaders } })),
  );
}

async function routeBySession(request: NextRequest, next: () => NextResponse): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`))) return next();
  const token = await getToken({ req: request, secret: secrets().authSecret });
  if (token) return next();
  if (pathname.startsWith("/api/")) return next();
  const signIn = new URL("/sign-in", request.url);
  if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
