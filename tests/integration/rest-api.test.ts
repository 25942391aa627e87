import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoute } from "@/lib/api/handler";
import { API_RATE_LIMITS } from "@/lib/api/rate-limits";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { STATUS_BY_CODE, apiData, apiError } from "@/lib/api/respond";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/service";
import type { Actor } from "@/lib/auth/roles";
import { secrets } from "@/lib/config/secrets";
import { db } from "@/lib/db";
import { AppError, type AppErrorCode, RateLimitedError, ValidationError } from "@/lib/errors";
import { DEMO_US3_ADMIN_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import type { SourceSummary } from "@/lib/sources/service";
import { createActor } from "../helpers/actors";
import { type ApiRoute, callRoute, discoverApiRoutes, routeKey } from "../helpers/api-routes";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The REST API (app/api/v1) beyond who may call it (tests/integration/route-roles.test.ts
 * holds the role matrix of every route): tokens, the shape of what it returns, and how
 * errors are answered, against a real database and the Rapid7 simulator.
 */
let simulator: Rapid7Simulator;
let admin: Actor;
let adminToken: string;
let analystToken: string;
let source: SourceSummary;
let routes: ApiRoute[];

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
  const analyst = await createActor("ANALYST");
  adminToken = (await createApiToken(admin, { name: "rest admin", expiresIn: "never" })).token;
  analystToken = (await createApiToken(analyst, { name: "rest analyst", expiresIn: "never" })).token;
  source = await createTestSource(admin);
  routes = await discoverApiRoutes();
});

afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

const route = (k: string) => {
  const found = routes.find((r) => routeKey(r) === k);
  if (!found) throw new Error(`route ${k} not found`);
  return found;
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("REST API tokens", () => {
  it("accepts only API tokens: a console session cookie alone is refused", async () => {
    const session = await encode({ token: { sub: admin.id }, secret: secrets().authSecret });
    const list = route("GET /api/v1/sources");
    expect(
      (
        await callRoute(list, {
          headers: { cookie: `next-auth.session-token=${session}; __Secure-next-auth.session-token=${session}` },
        })
      ).status,
    ).toBe(401);
    expect((await callRoute(list, { headers: bearer(adminToken) })).status).toBe(200);
  });

  it("refuses revoked tokens", async () => {
    const { token, summary } = await createApiToken(admin, { name: "revoked soon", expiresIn: "never" });
    const list = route("GET /api/v1/sources");
    expect((await callRoute(list, { headers: bearer(token) })).status).toBe(200);
    await revokeApiToken(admin, { tokenId: summary.id });
    const refused = await callRoute(list, { headers: bearer(token) });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: "UNAUTHENTICATED", message: expect.stringContaining("revoked") },
    });
  });
});

describe("REST API sources", () => {
  const call = (k: string, token: string) => callRoute(route(k), { params: { id: source.id }, headers: bearer(token) });

  it("shapes a source deliberately: settings, health and pull times, never the key", async () => {
    await db.logSource.update({ where: { id: source.id }, data: { paused: false } });
    const response = await call("GET /api/v1/sources", analystToken);
    const body = JSON.parse(response.body) as { data: { sources: Record<string, unknown>[] } };
    const listed = body.data.sources.find((s) => s.id === source.id)!;
    expect(Object.keys(listed).sort()).toEqual(
      [
        "createdAt",
        "health",
        "id",
        "lastEventReceivedAt",
        "lastSuccessfulPullAt",
        "name",
        "nextPullAt",
        "noEventsAlert",
        "paused",
        "pullIntervalMinutes",
        "region",
        "type",
        "updatedAt",
      ].sort(),
    );
    expect(listed).toMatchObject({
      name: source.name,
      type: "Rapid7.AuditLog",
      region: "us3",
      paused: false,
      pullIntervalMinutes: source.pullIntervalMinutes,
      noEventsAlert: { enabled: source.noEventsAlertEnabled, thresholdMinutes: source.noEventsThresholdMinutes },
      health: {
        status: expect.stringMatching(/^(healthy|unhealthy|paused|pending)$/),
        since: expect.any(String),
        silence: null,
        checks: expect.arrayContaining([expect.objectContaining({ id: "credentials", status: "ok" })]),
      },
      nextPullAt: expect.any(String),
    });

    // One source also lists its latest health changes, the newest being the one "since" names.
    const one = await call("GET /api/v1/sources/[id]", analystToken);
    const { history, ...health } = JSON.parse(one.body).data.health;
    expect({ ...JSON.parse(one.body).data, health }).toEqual(listed);
    expect(history[0]).toMatchObject({ at: health.since, status: health.status });
  });

  it("lists sources a page at a time, oldest first, each once, though one is renamed and one deleted mid-walk", async () => {
    for (let i = 0; i < 4; i += 1) await createTestSource(admin);
    const expected = (
      await db.logSource.findMany({ where: { deletedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })
    ).map((row) => row.id);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const page = async (query: string) => {
      const answer = await callRoute(route("GET /api/v1/sources"), { query, headers: bearer(analystToken) });
      expect(answer.status, query).toBe(200);
      return JSON.parse(answer.body).data as { sources: { id: string }[]; nextCursor: string | null };
    };

    const seen: string[] = [];
    let next: string | null = "";
    let pages = 0;
    while (next !== null) {
      const answer = await page(`?limit=2${next ? `&cursor=${next}` : ""}`);
      expect(answer.sources.length).toBeLessThanOrEqual(2);
      seen.push(...answer.sources.map((s) => s.id));
      next = answer.nextCursor;
      pages += 1;
      // After the first page: rename a source already seen to sort first by name, delete the
      // last one not yet seen. Neither may make the walk repeat or skip what is still there.
      if (pages === 1) {
        await db.logSource.update({ where: { id: seen[0]! }, data: { name: "AAA renamed", nameKey: "aaa renamed" } });
        await db.logSource.update({ where: { id: expected.at(-1)! }, data: { deletedAt: new Date() } });
      }
    }
    expect(seen).toEqual(expected.slice(0, -1));
    expect(pages).toBe(Math.ceil((expected.length - 1) / 2));
    await db.logSource.update({ where: { id: expected.at(-1)! }, data: { deletedAt: null } });

    // Without a limit: a hundred a page, so these few fit on one with no next page.
    expect(await page("")).toMatchObject({ nextCursor: null, sources: expected.map((id) => ({ id })) });
  });

  it("answers 400 naming the field for a page size out of range or a damaged page position", async () => {
    const refused = async (query: string) => {
      const answer = await callRoute(route("GET /api/v1/sources"), { query, headers: bearer(analystToken) });
      expect(answer.status, query).toBe(400);
      return JSON.parse(answer.body).error as { code: string; fieldErrors: Record<string, string> };
    };
    expect((await refused("?limit=0")).fieldErrors).toEqual({ limit: "Ask for at least 1 source per page." });
    expect((await refused("?limit=501")).fieldErrors).toEqual({ limit: "Ask for at most 500 sources per page." });
    expect((await refused("?limit=ten")).fieldErrors).toEqual({ limit: "Use a whole number of sources per page." });
    expect((await refused("?limit=2.5")).fieldErrors).toEqual({ limit: "Use a whole number of sources per page." });
    for (const cursor of ["x", "bm90IGEgY3Vyc29y", "MTIzLm5vdC1hLXV1aWQ", "%27%20OR%201%3D1--"])
      expect((await refused(`?cursor=${cursor}`)).fieldErrors, cursor).toEqual({
        cursor: "This page position is damaged. Pass back nextCursor exactly as it was answered, or leave it out.",
      });
  });

  it("answers 404 for a source that does not exist or an id that is not one", async () => {
    for (const id of [crypto.randomUUID(), "not-a-uuid", "1 OR 1=1"]) {
      const response = await callRoute(route("GET /api/v1/sources/[id]"), {
        params: { id },
        headers: bearer(analystToken),
      });
      expect(response.status, id).toBe(404);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: "NOT_FOUND" } });
    }
  });

  it("answers 400 when a paused source is asked to pull", async () => {
    await db.logSource.update({ where: { id: source.id }, data: { paused: true } });
    const response = await call("POST /api/v1/sources/[id]/pull", adminToken);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      error: { code: "VALIDATION", message: expect.stringContaining("paused") },
    });
  });
});

describe("REST API rate limits", () => {
  const alerts = (headers: Record<string, string>) => callRoute(route("GET /api/v1/alerts"), { headers });
  const expectLimited = (answer: { status: number; body: string; headers: Headers }, what: string) => {
    expect(answer.status).toBe(429);
    const retryAfter = Number(answer.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: "RATE_LIMITED", message: expect.stringContaining(what) },
    });
  };

  it("answers 429 with Retry-After once a token has made its requests for the minute; other tokens go on", async () => {
    const { token } = await createApiToken(admin, { name: "busy script", expiresIn: "never" });
    for (let i = 0; i < API_RATE_LIMITS.perToken.limit; i += 1) expect((await alerts(bearer(token))).status).toBe(200);
    expectLimited(await alerts(bearer(token)), "with this API token");
    expect((await alerts(bearer(adminToken))).status).toBe(200);
  });

  it("answers 429 to an address that makes too many requests, before looking at their tokens", async () => {
    const from = (address: string) => ({
      [PEER_ADDRESS_HEADER]: address,
      authorization: "Bearer itk_not-a-real-token",
    });
    for (let i = 0; i < API_RATE_LIMITS.perAddress.limit; i += 1)
      expect((await alerts(from("192.0.2.99"))).status).toBe(401);
    expectLimited(await alerts(from("192.0.2.99")), "from your address");
    expect((await alerts(from("192.0.2.100"))).status).toBe(401);
  });
});

describe("REST API errors", () => {
  it("maps every typed error to its status, with field errors and Retry-After where they apply", async () => {
    const expected: Record<AppErrorCode, number> = {
      VALIDATION: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      RATE_LIMITED: 429,
      UPSTREAM: 502,
      CONFIGURATION: 503,
      INTERNAL: 500,
    };
    expect(STATUS_BY_CODE).toEqual(expected);
    for (const [code, status] of Object.entries(expected)) {
      const response = apiError(new AppError(code as AppErrorCode, `message for ${code}`));
      expect(response.status, code).toBe(status);
      expect(await response.json()).toEqual({ error: { code, message: `message for ${code}` } });
    }
    const invalid = apiError(new ValidationError("Check name: too long", { name: "too long" }));
    expect(await invalid.json()).toEqual({
      error: { code: "VALIDATION", message: "Check name: too long", fieldErrors: { name: "too long" } },
    });
    const limited = apiError(new RateLimitedError("Slow down.", 42));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("42");
  });

  it("answers unexpected failures with 500 and a reference, never the error's own text", async () => {
    const handler = apiRoute({ role: "member", method: "GET", path: "/api/v1/x", summary: "Fails" }, async () => {
      throw new Error(`connection to postgres://intake:${DEMO_US3_ADMIN_KEY}@db failed`);
    });
    const response = await handler(
      new Request("http://intake.test/api/v1/x", { headers: { authorization: `Bearer ${analystToken}` } }),
      { params: Promise.resolve({}) },
    );
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

describe("apiRoute: the role and the parsing a route declares", () => {
  const schemas = {
    params: z.object({ id: z.uuid("This thing does not exist.") }),
    query: z.object({ limit: z.coerce.number().int().min(1, "Use a limit of 1 or more.").default(10) }),
    body: z.object({ name: z.string().min(1, "Enter a name.") }),
  };
  let calls: unknown[] = [];
  const adminOnly = apiRoute(
    { role: "admin", method: "POST", path: "/api/v1/things/{id}", summary: "Test", ...schemas },
    async ({ actor, params, query, body }) => {
      calls.push({ actor: actor.id, params, query, body });
      return apiData({ id: params.id, limit: query.limit, name: body.name });
    },
  );
  const id = "5d4bbd57-3bd2-4c6a-a3a8-8a5b2c1b9d10";
  async function call(options: { token?: string; id?: string; query?: string; body?: string }) {
    const response = await adminOnly(
      new Request(`http://intake.test/api/v1/things/${options.id ?? id}${options.query ?? ""}`, {
        method: "POST",
        headers: options.token ? bearer(options.token) : {},
        body: options.body ?? JSON.stringify({ name: "Widget" }),
      }),
      { params: Promise.resolve({ id: options.id ?? id }) },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("hands the handler the admin and the parsed params, query and body", async () => {
    calls = [];
    expect(await call({ token: adminToken, query: "?limit=3" })).toEqual({
      status: 200,
      body: { data: { id, limit: 3, name: "Widget" } },
    });
    expect(calls).toEqual([{ actor: admin.id, params: { id }, query: { limit: 3 }, body: { name: "Widget" } }]);
  });

  it("refuses analysts and anonymous callers before anything is parsed, and never runs the handler", async () => {
    calls = [];
    const broken = { id: "not-a-uuid", query: "?limit=0", body: "{" };
    expect(await call({ token: analystToken, ...broken })).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    expect(await call(broken)).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
    expect(calls).toEqual([]);
  });

  it("answers 404 for a path segment that names nothing, 400 naming the field for a bad query or body", async () => {
    calls = [];
    expect(await call({ token: adminToken, id: "not-a-uuid" })).toEqual({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: "This thing does not exist." } },
    });
    expect(await call({ token: adminToken, query: "?limit=0" })).toMatchObject({
      status: 400,
      body: { error: { code: "VALIDATION", fieldErrors: { limit: "Use a limit of 1 or more." } } },
    });
    expect(await call({ token: adminToken, body: JSON.stringify({ name: "" }) })).toMatchObject({
      status: 400,
      body: { error: { code: "VALIDATION", fieldErrors: { name: "Enter a name." } } },
    });
    expect(await call({ token: adminToken, body: "{" })).toMatchObject({
      status: 400,
      body: { error: { code: "VALIDATION", message: "The request body is not valid JSON." } },
    });
    expect(calls).toEqual([]);
  });
});
