import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiToken } from "@/lib/api-tokens/service";
import type { Actor } from "@/lib/auth/roles";
import { secrets } from "@/lib/config/secrets";
import { db, pool } from "@/lib/db";
import { DEMO_US3_ADMIN_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import type { SourceSummary } from "@/lib/sources/service";
import { createActor } from "../helpers/actors";
import { type ApiRoute, callRoute, discoverApiRoutes, type RouteAnswer, routeKey } from "../helpers/api-routes";
import { useTestDatabase } from "../helpers/database";
import { provideNextHeadersToRequire } from "../helpers/next-request-context";
import { seedEvents } from "../helpers/seed-events";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The role matrix over every route handler under app/api, found on disk: each exported
 * method is called in-process with a real request as an anonymous caller, as an analyst
 * and as an admin, with the credential the route takes (an API token, or the console's
 * signed session cookie), against a real database and the Rapid7 simulator. Routes open
 * to everyone are listed as public, with the reason.
 */
vi.mock("next/headers", async () => (await import("../helpers/next-request-context")).nextHeaders);
vi.mock("next/server", async (original) =>
  (await import("../helpers/next-request-context")).withRequestScope(await original<object>()),
);

type Context = { source: SourceSummary; actors: { analyst: Actor; admin: Actor }; eventId: string; failureId: string };
type Role = "anonymous" | "analyst" | "admin";
type Access = { kind: "public"; reason: string } | { kind: "token" } | { kind: "session" };

type RouteSpec = {
  access: Access;
  status: Record<Role, number>;
  params?: (ctx: Context) => Record<string, string | string[]>;
  query?: (ctx: Context) => string;
  body?: unknown;
  /** Runs before each call, so that the admin's call can succeed (e.g. the source is not paused). */
  before?: (ctx: Context) => Promise<void>;
  /** What the admin's call changes (to `expectedEffect`); every refused call must leave it as it was. */
  effect?: (ctx: Context) => Promise<unknown>;
  expectedEffect?: unknown;
  /** More to check on an answer the role was let through. */
  check?: (answer: RouteAnswer, role: Role, ctx: Context) => void;
};

const TOKEN: Access = { kind: "token" };
const SESSION: Access = { kind: "session" };
const publicRoute = (reason: string): Access => ({ kind: "public", reason });

const sourceParams = (ctx: Context) => ({ id: ctx.source.id });
const setPaused = (paused: boolean) => async (ctx: Context) => {
  await db.logSource.update({ where: { id: ctx.source.id }, data: { paused } });
};
const pausedNow = async (ctx: Context) =>
  (await db.logSource.findUniqueOrThrow({ where: { id: ctx.source.id } })).paused;
const json = (answer: RouteAnswer) => JSON.parse(answer.body) as Record<string, unknown>;

/** Every route and method under app/api. A route file without an entry here fails the first test: add it. */
const ROUTES: Record<string, RouteSpec> = {
  "GET /api/health": {
    access: publicRoute(
      "Load balancers and uptime checks call it without credentials; it says only whether the database answers and workers are alive.",
    ),
    status: { anonymous: 200, analyst: 200, admin: 200 },
    check: (answer) => expect(json(answer)).toMatchObject({ status: "ok", database: "ok" }),
  },
  "GET /api/auth/[...nextauth]": {
    access: publicRoute(
      "next-auth's own endpoints (session, CSRF token, providers): the sign-in page needs them before anyone is signed in.",
    ),
    params: () => ({ nextauth: ["session"] }),
    status: { anonymous: 200, analyst: 200, admin: 200 },
    // The session endpoint tells each caller only about their own session.
    check: (answer, role, ctx) =>
      expect(json(answer)).toEqual(
        role === "anonymous"
          ? {}
          : expect.objectContaining({ user: expect.objectContaining({ id: ctx.actors[role].id }) }),
      ),
  },
  "POST /api/auth/[...nextauth]": {
    access: publicRoute(
      "Signing in (and out) is posted here by people without a session; next-auth refuses every post that lacks its CSRF token.",
    ),
    params: () => ({ nextauth: ["signout"] }),
    // Without the CSRF token nothing happens: everyone is sent back to confirm.
    status: { anonymous: 302, analyst: 302, admin: 302 },
    check: (answer) => expect(answer.headers.get("location")).toMatch(/\/signout\?csrf=true$/),
  },
  "GET /api/events/export": {
    access: SESSION,
    query: (ctx) => `?format=csv&range=24h&source=${ctx.source.id}`,
    status: { anonymous: 401, analyst: 200, admin: 200 },
    check: (answer) => {
      expect(answer.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(answer.body).toContain("route roles export event");
    },
  },
  "GET /api/events/[id]/raw": {
    access: SESSION,
    params: (ctx) => ({ id: ctx.eventId }),
    status: { anonymous: 401, analyst: 200, admin: 200 },
    check: (answer) => {
      expect(answer.headers.get("content-disposition")).toMatch(/^attachment; filename="intake-event-\d+-raw\.json"$/);
      expect(JSON.parse(answer.body)).toMatchObject({ description: "route roles export event" });
    },
  },
  "GET /api/failures/[id]/raw": {
    access: SESSION,
    params: (ctx) => ({ id: ctx.failureId }),
    status: { anonymous: 401, analyst: 200, admin: 200 },
    check: (answer) => {
      expect(answer.headers.get("content-disposition")).toMatch(/^attachment; filename="intake-failure-\d+-raw\.txt"$/);
      expect(answer.body).toBe("route roles failed record");
    },
  },
  "GET /api/v1/sources": { access: TOKEN, status: { anonymous: 401, analyst: 200, admin: 200 } },
  "GET /api/v1/sources/[id]": {
    access: TOKEN,
    params: sourceParams,
    status: { anonymous: 401, analyst: 200, admin: 200 },
  },
  "POST /api/v1/sources/[id]/pause": {
    access: TOKEN,
    params: sourceParams,
    status: { anonymous: 401, analyst: 403, admin: 200 },
    before: setPaused(false),
    effect: pausedNow,
    expectedEffect: true,
  },
  "POST /api/v1/sources/[id]/resume": {
    access: TOKEN,
    params: sourceParams,
    status: { anonymous: 401, analyst: 403, admin: 200 },
    before: setPaused(true),
    effect: pausedNow,
    expectedEffect: false,
  },
  "POST /api/v1/sources/[id]/pull": {
    access: TOKEN,
    params: sourceParams,
    status: { anonymous: 401, analyst: 403, admin: 202 },
    before: setPaused(false),
  },
  "GET /api/v1/sources/[id]/coverage": {
    access: TOKEN,
    params: sourceParams,
    status: { anonymous: 401, analyst: 200, admin: 200 },
  },
  "GET /api/sources/[id]/coverage-report": {
    access: SESSION,
    params: sourceParams,
    status: { anonymous: 401, analyst: 200, admin: 200 },
    check: (answer) =>
      expect(json(answer)).toMatchObject({ auditAnchor: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } }),
  },
  "GET /api/v1/alerts": { access: TOKEN, status: { anonymous: 401, analyst: 200, admin: 200 } },
  "GET /api/v1/openapi.json": {
    access: publicRoute(
      "The OpenAPI document describes the API's shape only (no data, nothing secret); API tools fetch it without a token.",
    ),
    status: { anonymous: 200, analyst: 200, admin: 200 },
    check: (answer) => expect(json(answer)).toMatchObject({ openapi: "3.1.0" }),
  },
};

let simulator: Rapid7Simulator;
let ctx: Context;
let routes: ApiRoute[];
const tokens: Record<"analyst" | "admin", string> = { analyst: "", admin: "" };
const sessions: Record<"analyst" | "admin", string> = { analyst: "", admin: "" };

beforeAll(async () => {
  provideNextHeadersToRequire();
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  const admin = await createActor("ADMIN");
  const analyst = await createActor("ANALYST");
  for (const [role, actor] of [
    ["analyst", analyst],
    ["admin", admin],
  ] as const) {
    tokens[role] = (await createApiToken(actor, { name: `route roles ${role}`, expiresIn: "never" })).token;
    sessions[role] = await encode({ token: { sub: actor.id }, secret: secrets().authSecret });
  }
  const source = await createTestSource(admin);
  const [seeded] = await seedEvents(pool(), source, [
    { time: new Date(Date.now() - 10 * 60_000), description: "route roles export event" },
  ]);
  const event = await db.event.findFirstOrThrow({ where: { sourceId: source.id, auditId: seeded!.auditId } });
  const failure = await db.classificationFailure.create({
    data: {
      sourceId: source.id,
      logType: "Rapid7.AuditLog",
      code: "invalid_json",
      reason: "Not JSON.",
      raw: "route roles failed record",
      logId: "log-1",
      sequence: "1",
    },
  });
  ctx = { source, actors: { analyst, admin }, eventId: event.id.toString(), failureId: failure.id.toString() };
  routes = await discoverApiRoutes();
});

afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

const specOf = (route: ApiRoute) => ROUTES[routeKey(route)]!;
const tokenHeader = (role: "analyst" | "admin") => ({ authorization: `Bearer ${tokens[role]}` });
const cookieHeader = (role: "analyst" | "admin") => ({ cookie: `next-auth.session-token=${sessions[role]}` });

/** What a role sends: nothing when anonymous; otherwise the credential the route takes (a browser's session cookie for public routes). */
function credentials(access: Access, role: Role): Record<string, string> {
  if (role === "anonymous") return {};
  return access.kind === "token" ? tokenHeader(role) : cookieHeader(role);
}

async function call(route: ApiRoute, headers: Record<string, string>): Promise<RouteAnswer> {
  const spec = specOf(route);
  return callRoute(route, { params: spec.params?.(ctx), query: spec.query?.(ctx), body: spec.body, headers });
}

function expectNoSecrets(body: string, label: string) {
  expect(body, label).not.toContain(DEMO_US3_ADMIN_KEY);
  expect(body, label).not.toMatch(/apiKeyEncrypted|fingerprint|"v1:[0-9a-f]{8}:/i);
  for (const token of Object.values(tokens)) expect(body, label).not.toContain(token.slice(12));
}

describe("route role matrix", () => {
  it("finds every route handler under app/api and knows who may call each", () => {
    const found = routes.map(routeKey);
    expect(found).toEqual(
      expect.arrayContaining([
        "GET /api/health",
        "GET /api/events/export",
        "GET /api/v1/sources",
        "POST /api/auth/[...nextauth]",
      ]),
    );
    expect(
      found.filter((key) => !ROUTES[key]),
      "routes without an entry in ROUTES",
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((key) => !found.includes(key)),
      "entries for routes that no longer exist",
    ).toEqual([]);
    const publicRoutes = Object.entries(ROUTES).filter(([, spec]) => spec.access.kind === "public");
    expect(publicRoutes.map(([key]) => key).sort()).toEqual([
      "GET /api/auth/[...nextauth]",
      "GET /api/health",
      "GET /api/v1/openapi.json",
      "POST /api/auth/[...nextauth]",
    ]);
    for (const [key, spec] of publicRoutes)
      expect(spec.access.kind === "public" && spec.access.reason.length, key).toBeGreaterThan(20);
  });

  for (const role of ["anonymous", "analyst", "admin"] as const) {
    it(`calls every route as ${role === "anonymous" ? "an anonymous caller" : `an ${role}`}`, async () => {
      for (const route of routes) {
        const spec = specOf(route);
        const label = `${routeKey(route)} as ${role}`;
        await spec.before?.(ctx);
        const before = await spec.effect?.(ctx);
        const answer = await call(route, credentials(spec.access, role));
        expect(answer.status, `${label}: ${answer.body}`).toBe(spec.status[role]);
        expectNoSecrets(answer.body, label);

        if (answer.status === 401 || answer.status === 403) {
          expect(json(answer), label).toMatchObject({
            error: { code: answer.status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN" },
          });
          if (spec.access.kind === "token" && answer.status === 401)
            expect(answer.headers.get("www-authenticate"), label).toMatch(/^Bearer/);
          expect(await spec.effect?.(ctx), `${label} changed nothing`).toEqual(before);
          continue;
        }
        spec.check?.(answer, role, ctx);
        if (spec.access.kind === "token") {
          expect(answer.headers.get("cache-control"), label).toBe("no-store");
          expect(json(answer), label).toHaveProperty("data");
        }
        if (spec.effect && role === "admin") expect(await spec.effect(ctx), label).toEqual(spec.expectedEffect);
      }
    });
  }

  it("refuses the other kind of credential: API routes ignore session cookies, console routes ignore API tokens", async () => {
    const checked: string[] = [];
    for (const route of routes) {
      const spec = specOf(route);
      if (spec.access.kind === "public") continue;
      await spec.before?.(ctx);
      const before = await spec.effect?.(ctx);
      const wrong = spec.access.kind === "token" ? cookieHeader("admin") : tokenHeader("admin");
      const answer = await call(route, wrong);
      expect(answer.status, `${routeKey(route)}: ${answer.body}`).toBe(401);
      expect(await spec.effect?.(ctx), `${routeKey(route)} changed nothing`).toEqual(before);
      checked.push(routeKey(route));
    }
    expect(checked).toContain("GET /api/events/export");
    expect(checked).toContain("POST /api/v1/sources/[id]/pause");
  });
});
