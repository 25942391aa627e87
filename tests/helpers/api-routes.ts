import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { inRequest } from "./next-request-context";

/**
 * The route handlers under app/api, found on disk (so a new route file is noticed), and a
 * way to call one in-process with a real NextRequest, as Next would.
 */
export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
type Params = Record<string, string | string[]>;
type Handler = (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response>;
/** `path` is the route's path with its dynamic segments as written, e.g. /api/v1/sources/[id]. */
export type ApiRoute = { file: string; path: string; method: HttpMethod; handler: Handler };

const APP = path.resolve("app");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry) ? [full] : [];
  });
}

export async function discoverApiRoutes(root = path.join(APP, "api")): Promise<ApiRoute[]> {
  const routes: ApiRoute[] = [];
  for (const file of routeFiles(root).sort()) {
    // Route groups, "(name)", are not part of the URL.
    const segments = path
      .relative(APP, path.dirname(file))
      .split(path.sep)
      .filter((s) => !(s.startsWith("(") && s.endsWith(")")));
    const routeModule = (await import(file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = routeModule[method];
      if (typeof handler === "function")
        routes.push({ file, path: `/${segments.join("/")}`, method, handler: handler as Handler });
    }
  }
  return routes;
}

export const routeKey = (route: Pick<ApiRoute, "method" | "path">) => `${route.method} ${route.path}`;

export type RouteCall = { params?: Params; query?: string; body?: unknown; headers?: Record<string, string> };
export type RouteAnswer = { status: number; body: string; headers: Headers };

/** Fills the route's dynamic segments from `params` ([id], [...rest]) and calls it inside a request context. */
export async function callRoute(route: ApiRoute, call: RouteCall = {}): Promise<RouteAnswer> {
  const params = call.params ?? {};
  const pathname = route.path.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const value = params[name] ?? "";
    return Array.isArray(value) ? value.map(encodeURIComponent).join("/") : encodeURIComponent(value);
  });
  const headers = new Headers(call.headers);
  const init: { method: string; headers: Headers; body?: string } = { method: route.method, headers };
  if (call.body !== undefined) {
    init.body = JSON.stringify(call.body);
    headers.set("content-type", "application/json");
  }
  const request = new NextRequest(`http://intake.test${pathname}${call.query ?? ""}`, init);
  const response = await inRequest(request, () => route.handler(request, { params: Promise.resolve(params) }));
  return { status: response.status, body: await response.text(), headers: response.headers };
}
