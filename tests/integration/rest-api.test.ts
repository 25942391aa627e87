import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withApiActor } from "@/lib/api/handler";
import { STATUS_BY_CODE, apiData, apiError } from "@/lib/api/respond";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";
import type { Actor } from "@/lib/auth/roles";
import { secrets } from "@/lib/config/secrets";
import { db } from "@/lib/db";
import { AppError, type AppErrorCode, RateLimitedError, ValidationError } from "@/lib/errors";
import { DEMO_US3_ADMIN_KEY, type Rapid7Simulator } from "@/lib/integrations/rapid7/simulator";
import { stopQueueSender } from "@/lib/jobs/queue";
import type { SourceSummary } from "@/lib/sources/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The REST API's role matrix: every route handler under app/api/v1, found on disk, called
 * with a real Request as an anonymous caller, with only a console session cookie, with an
 * analyst's API token and with an admin's, against a real database and the Rapid7 simulator.
 */
const API_ROOT = path.resolve("app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { file: string; path: string; method: Method; handler: Handler };

type Context = { source: SourceSummary };
type Sample = {
  params?: (ctx: Context) => Record<string, string>;
  body?: unknown;
  analyst: number;
  admin: number;
  /** Runs before each call, so that a valid admin call is possible (e.g. the source is not paused). */
  before?: (ctx: Context) => Promise<void>;
  /** What an admin's call must have changed; an analyst's call must leave `unchanged` as it was. */
  effect?: (ctx: Context) => Promise<unknown>;
  expectedEffect?: unknown;
};

const sourceParams = (ctx: Context) => ({ id: ctx.source.id });
const setPaused = (paused: boolean) => async (ctx: Context) => {
  await db.logSource.update({ where: { id: ctx.source.id }, data: { paused } });
};
const pausedNow = async (ctx: Context) => (await db.logSource.findUniqueOrThrow({ where: { id: ctx.source.id } })).paused;

/** One sample request per route and method. A route missing here fails the first test: add it. */
const SAMPLES: Record<string, Sample> = {
  "GET /api/v1/sources": { analyst: 200, admin: 200 },
  "GET /api/v1/sources/[id]": { params: sourceParams, analyst: 200, admin: 200 },
  "POST /api/v1/sources/[id]/pause": { params: sourceParams, analyst: 403, admin: 200, before: setPaused(false), effect: pausedNow, expectedEffect: true },
  "POST /api/v1/sources/[id]/resume": { params: sourceParams, analyst: 403, admin: 200, before: setPaused(true), effect: pausedNow, expectedEffect: false },
  "POST /api/v1/sources/[id]/pull": { params: sourceParams, analyst: 403, admin: 202, before: setPaused(false) },
  // Built alongside this API; listed so the matrix covers it as soon as it exists.
  "GET /api/v1/alerts": { analyst: 200, admin: 200 },
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry) ? [full] : [];
  });
}

async function discoverRoutes(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of routeFiles(API_ROOT).sort()) {
    const segments = path.relative(path.resolve("app"), path.dirname(file)).split(path.sep).filter((s) => !(s.startsWith("(") && s.endsWith(")")));
    const module = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = module[method];
      if (typeof handler === "function") routes.push({ file, path: `/${segments.join("/")}`, method, handler: handler as Handler });
    }
  }
  return routes;
}

const key = (route: Pick<Route, "method" | "path">) => `${route.method} ${route.path}`;

async function call(route: Route, ctx: Context, headers: Record<string, string>): Promise<{ status: number; body: string; headers: Headers }> {
  const sample = SAMPLES[key(route)];
  const params = sample?.params?.(ctx) ?? {};
  const url = `http://intake.test${route.path.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))}`;
  const init: RequestInit = { method: route.method, headers };
  if (sample?.body !== undefined) {
    init.body = JSON.stringify(sample.body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  const response = await route.handler(new Request(url, init), { params: Promise.resolve(params) });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

let simulator: Rapid7Simulator;
let admin: Actor;
let analyst: Actor;
let adminToken: string;
let analystToken: string;
let ctx: Context;
let routes: Route[];

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
  analyst = await createActor("ANALYST");
  adminToken = (await createApiToken(admin, { name: "matrix admin", expiresIn: "never" })).token;
  analystToken = (await createApiToken(analyst, { name: "matrix analyst", expiresIn: "never" })).token;
  ctx = { source: await createTestSource(admin) };
  routes = await discoverRoutes();
});

afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

function expectNoSecrets(body: string, label: string) {
  expect(body, label).not.toContain(DEMO_US3_ADMIN_KEY);
  expect(body, label).not.toMatch(/apiKey|fingerprint|encrypted|"v1:[0-9a-f]{8}:/i);
  expect(body, label).not.toContain(adminToken.slice(12));
  expect(body, label).not.toContain(analystToken.slice(12));
}

describe("REST API role matrix", () => {
  it("finds every route under app/api/v1 and has a sample request for each", () => {
    expect(routes.map(key)).toEqual(expect.arrayContaining(["GET /api/v1/sources", "GET /api/v1/sources/[id]", "POST /api/v1/sources/[id]/pull"]));
    expect(routes.filter((route) => !SAMPLES[key(route)]).map(key)).toEqual([]);
  });

  it("refuses anonymous callers with 401", async () => {
    for (const route of routes) {
      await SAMPLES[key(route)]!.before?.(ctx);
      const before = await SAMPLES[key(route)]!.effect?.(ctx);
      const response = await call(route, ctx, {});
      expect(response.status, key(route)).toBe(401);
      expect(JSON.parse(response.body), key(route)).toMatchObject({ error: { code: "UNAUTHENTICATED", message: expect.stringContaining("Bearer") } });
      expect(response.headers.get("www-authenticate"), key(route)).toMatch(/^Bearer/);
      expect(await SAMPLES[key(route)]!.effect?.(ctx), `${key(route)} changed nothing`).toEqual(before);
    }
  });

  it("ignores console session cookies: only API tokens authenticate", async () => {
    const session = await encode({ token: { sub: admin.id }, secret: secrets().authSecret });
    for (const route of routes) {
      const response = await call(route, ctx, { cookie: `next-auth.session-token=${session}; __Secure-next-auth.session-token=${session}` });
      expect(response.status, key(route)).toBe(401);
    }
  });

  it("lets analysts read (200) and refuses them every change (403)", async () => {
    for (const route of routes) {
      const sample = SAMPLES[key(route)]!;
      await sample.before?.(ctx);
      const before = await sample.effect?.(ctx);
      const response = await call(route, ctx, { authorization: `Bearer ${analystToken}` });
      expect(response.status, `${key(route)}: ${response.body}`).toBe(sample.analyst);
      if (sample.analyst === 403) expect(JSON.parse(response.body), key(route)).toMatchObject({ error: { code: "FORBIDDEN" } });
      expect(await sample.effect?.(ctx), `${key(route)} as analyst changed nothing`).toEqual(before);
      expectNoSecrets(response.body, key(route));
    }
  });

  it("lets admins do everything (2xx), with the effect each route promises", async () => {
    for (const route of routes) {
      const sample = SAMPLES[key(route)]!;
      await sample.before?.(ctx);
      const response = await call(route, ctx, { authorization: `Bearer ${adminToken}` });
      expect(response.status, `${key(route)}: ${response.body}`).toBe(sample.admin);
      expect(response.headers.get("cache-control"), key(route)).toBe("no-store");
      expect(JSON.parse(response.body), key(route)).toHaveProperty("data");
      if (sample.effect) expect(await sample.effect(ctx), key(route)).toEqual(sample.expectedEffect);
      expectNoSecrets(response.body, key(route));
    }
  });

  it("refuses revoked tokens", async () => {
    const { token, summary } = await createApiToken(admin, { name: "revoked soon", expiresIn: "never" });
    const list = routes.find((route) => key(route) === "GET /api/v1/sources")!;
    expect((await call(list, ctx, { authorization: `Bearer ${token}` })).status).toBe(200);
    await revokeApiToken(admin, { tokenId: summary.id });
    const refused = await call(list, ctx, { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "UNAUTHENTICATED", message: expect.stringContaining("revoked") } });
  });
});

describe("REST API sources", () => {
  const route = (k: string) => {
    const found = routes.find((r) => key(r) === k);
    if (!found) throw new Error(`route ${k} not found`);
    return found;
  };

  it("shapes a source deliberately: settings, health and pull times, never the key", async () => {
    await db.logSource.update({ where: { id: ctx.source.id }, data: { paused: false } });
    const response = await call(route("GET /api/v1/sources"), ctx, { authorization: `Bearer ${analystToken}` });
    const body = JSON.parse(response.body) as { data: Record<string, unknown>[] };
    const listed = body.data.find((s) => s.id === ctx.source.id)!;
    expect(Object.keys(listed).sort()).toEqual(
      ["createdAt", "health", "id", "lastEventReceivedAt", "lastSuccessfulPullAt", "name", "nextPullAt", "noEventsAlert", "paused", "pullIntervalMinutes", "region", "type", "updatedAt"].sort(),
    );
    expect(listed).toMatchObject({
      name: ctx.source.name,
      type: "Rapid7.AuditLog",
      region: "us3",
      paused: false,
      pullIntervalMinutes: ctx.source.pullIntervalMinutes,
      noEventsAlert: { enabled: ctx.source.noEventsAlertEnabled, thresholdMinutes: ctx.source.noEventsThresholdMinutes },
      health: { status: expect.stringMatching(/^(healthy|unhealthy|paused|pending)$/), checks: expect.arrayContaining([expect.objectContaining({ id: "credentials", status: "ok" })]) },
      nextPullAt: expect.any(String),
    });

    const one = await call(route("GET /api/v1/sources/[id]"), ctx, { authorization: `Bearer ${analystToken}` });
    expect(JSON.parse(one.body).data).toEqual(listed);
  });

  it("answers 404 for a source that does not exist or an id that is not one", async () => {
    const get = route("GET /api/v1/sources/[id]");
    for (const id of [crypto.randomUUID(), "not-a-uuid", "1 OR 1=1"]) {
      const response = await get.handler(new Request(`http://intake.test/api/v1/sources/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${analystToken}` } }), {
        params: Promise.resolve({ id }),
      });
      expect(response.status, id).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
  });

  it("answers 400 when a paused source is asked to pull", async () => {
    await db.logSource.update({ where: { id: ctx.source.id }, data: { paused: true } });
    const response = await call(route("POST /api/v1/sources/[id]/pull"), ctx, { authorization: `Bearer ${adminToken}` });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: "VALIDATION", message: expect.stringContaining("paused") } });
  });
});

describe("REST API errors", () => {
  it("maps every typed error to its status, with field errors and Retry-After where they apply", async () => {
    const expected: Record<AppErrorCode, number> = {
      VALIDATION: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429, UPSTREAM: 502, CONFIGURATION: 503, INTERNAL: 500,
    };
    expect(STATUS_BY_CODE).toEqual(expected);
    for (const [code, status] of Object.entries(expected)) {
      const response = apiError(new AppError(code as AppErrorCode, `message for ${code}`));
      expect(response.status, code).toBe(status);
      expect(await response.json()).toEqual({ error: { code, message: `message for ${code}` } });
    }
    const invalid = apiError(new ValidationError("Check name: too long", { name: "too long" }));
    expect(await invalid.json()).toEqual({ error: { code: "VALIDATION", message: "Check name: too long", fieldErrors: { name: "too long" } } });
    const limited = apiError(new RateLimitedError("Slow down.", 42));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("42");
  });

  it("answers unexpected failures with 500 and a reference, never the error's own text", async () => {
    const handler = withApiActor(async () => {
      throw new Error(`connection to postgres://intake:${DEMO_US3_ADMIN_KEY}@db failed`);
    });
    const response = await handler(new Request("http://intake.test/api/v1/x", { headers: { authorization: `Bearer ${analystToken}` } }), { params: Promise.resolve({}) });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string; reference: string } };
    expect(body.error).toMatchObject({ code: "INTERNAL", reference: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(body.error.message).toContain(body.error.reference);
    expect(JSON.stringify(body)).not.toContain(DEMO_US3_ADMIN_KEY);
    expect(JSON.stringify(body)).not.toContain("postgres://");
  });

  it("wraps data as { data } with no-store", async () => {
    const response = apiData({ ok: 1 }, { status: 201 });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ data: { ok: 1 } });
  });
});
