import { getToken } from "next-auth/jwt";
import { type NextRequest, NextResponse } from "next/server";
import { secrets } from "@/lib/config/secrets";

/**
 * Only redirects: sends visitors without a session to the sign-in page. Every page,
 * route handler and server action checks the session and role itself on the server.
 */
const PUBLIC_PATHS = ["/sign-in", "/setup", "/api/auth", "/api/health"];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`))) return NextResponse.next();
  const token = await getToken({ req: request, secret: secrets().authSecret });
  if (token) return NextResponse.next();
  if (pathname.startsWith("/api/")) return NextResponse.next();
  const signIn = new URL("/sign-in", request.url);
  if (pathname !== "/") signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
