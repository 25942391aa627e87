import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { raiseAlert } from "@/lib/alerts/service";
import { apiOperations, openApiOperation } from "@/lib/api/operations";
import { createApiToken } from "@/lib/api-tokens/service";
import { stopQueueSender } from "@/lib/queue/enqueue";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { type ApiRoute, callRoute, discoverApiRoutes, routeKey } from "../helpers/api-routes";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The OpenAPI document of /api/v1 against the route files on disk: every route file is
 * described, from the very entry its handler was built with, and nothing else is; the real
 * answers of every described route (called as an admin) fit the document's response schemas.
 */
type Document = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[] }>>;
  components: { schemas: Record<string, unknown> };
};
type Described = { operation?: { method: string; path: string } };

let simulator: Rapid7Simulator;
let routes: ApiRoute[];
let document: Document;
let adminToken: string;
let sourceId: string;

/** /api/v1/sources/[id] as OpenAPI writes it: /api/v1/sources/{id}. */
const openApiPath = (routePath: string) => routePath.replace(/\[(?:\.\.\.)?(\w+)\]/g, "{$1}");

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  const admin = await createActor("ADMIN");
  adminToken = (await createApiToken(admin, { name: "openapi", expiresIn: "never" })).token;
  const source = await createTestSource(admin);
  sourceId = source.id;
  await raiseAlert({
    kind: "no_events",
    severity: "critical",
    dedupKey: `no_events:${source.id}`,
    title: "No events",
    sourceId: source.id,
    at: new Date(),
  });
  routes = await discoverApiRoutes(path.resolve("app/api/v1"));
  const served = await callRoute(routes.find((route) => route.path === "/api/v1/openapi.json")!);
  expect(served.status).toBe(200);
  document = JSON.parse(served.body) as Document;
});

afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document served without a token", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).length).toBeGreaterThan(3);
  });

  it("describes every route file under app/api/v1 from the operation its handler was built with, and nothing more", () => {
    expect(routes.length).toBeGreaterThan(5);
    const undescribed = routes.filter(
      (route) => !document.paths[openApiPath(route.path)]?.[route.method.toLowerCase()],
    );
    expect(undescribed.map(routeKey), "route files the document does not describe").toEqual([]);
    for (const route of routes) {
      const { operation } = route.handler as unknown as Described;
      expect(operation, `${routeKey(route)} is not built from lib/api/operations.ts`).toBeDefined();
      expect([operation!.method, operation!.path], routeKey(route)).toEqual([route.method, openApiPath(route.path)]);
      expect([...Object.values(apiOperations), openApiOperation], routeKey(route)).toContain(operation);
    }
    const files = new Set(routes.map((route) => `${route.method} ${openApiPath(route.path)}`));
    const described = Object.entries(document.paths).flatMap(([p, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${p}`),
    );
    expect(
      described.filter((key) => !files.has(key)),
      "described routes without a route file",
    ).toEqual([]);
  });

  it("names each path's dynamic segments as path parameters, and every $ref resolves", () => {
    for (const [p, methods] of Object.entries(document.paths)) {
      const segments = [...p.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      for (const operation of Object.values(methods))
        expect(operation.parameters?.filter((x) => x.in === "path").map((x) => x.name) ?? [], p).toEqual(segments);
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => !(ref in document.components.schemas))).toEqual([]);
  });

  it("matches what the routes answer: each described route's real answer fits its response schema", async () => {
    // In declaration order: pause comes before resume, so the source is pulling again when pull is called.
    for (const [name, operation] of Object.entries(apiOperations)) {
      const route = routes.find((r) => r.method === operation.method && openApiPath(r.path) === operation.path)!;
      const answer = await callRoute(route, {
        params: { id: sourceId },
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(answer.status, `${name}: ${answer.body}`).toBe(
        "successStatus" in operation ? operation.successStatus : 200,
      );
      const { data } = JSON.parse(answer.body) as { data: unknown };
      if (!operation.response) continue;
      const parsed = operation.response.safeParse(data);
      expect(parsed.error?.issues ?? [], name).toEqual([]);
      if (name === "listAlerts") expect((data as { alerts: unknown[] }).alerts.length).toBeGreaterThan(0);
    }
  });
});
