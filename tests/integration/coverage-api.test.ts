import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/api-tokens/service";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { stopQueueSender } from "@/lib/queue/enqueue";
import type { SourceSummary } from "@/lib/sources/service";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { type ApiRoute, callRoute, discoverApiRoutes, routeKey } from "../helpers/api-routes";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/** GET /api/v1/sources/{id}/coverage: who may ask, what a bad period is told, and the shape of the answer. */

const WINDOW = 15 * 60_000;
const START = Date.UTC(2026, 11, 5, 10, 0, 0);

let simulator: Rapid7Simulator;
let source: SourceSummary;
let analystToken: string;
let coverageRoute: ApiRoute;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
  const admin: Actor = await createActor("ADMIN");
  const analyst = await createActor("ANALYST");
  analystToken = (await createApiToken(analyst, { name: "coverage analyst", expiresIn: "never" })).token;
  source = await createTestSource(admin);
  coverageRoute = (await discoverApiRoutes()).find((r) => routeKey(r) === "GET /api/v1/sources/[id]/coverage")!;
  const windows = [
    { state: "verified", intakeCount: 12, rapid7Count: 12 },
    { state: "repaired", intakeCount: 7, rapid7Count: 7, repulls: 1 },
    { state: "short", intakeCount: 3, rapid7Count: 5, repulls: 3, reason: "Rapid7 holds 2 more record(s)." },
    { state: "unverifiable", reason: "Rapid7 could not be asked for its count: 503." },
    { state: "pending" },
  ];
  await db.coverageWindow.createMany({
    data: windows.map((window, index) => ({
      sourceId: source.id,
      startsAt: new Date(START + index * WINDOW),
      endsAt: new Date(START + (index + 1) * WINDOW),
      ...window,
    })),
  });
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

const ask = (query: string, options: { token?: string | null; id?: string } = {}) =>
  callRoute(coverageRoute, {
    params: { id: options.id ?? source.id },
    query,
    headers: options.token === null ? {} : { authorization: `Bearer ${options.token ?? analystToken}` },
  });

describe("GET /api/v1/sources/{id}/coverage", () => {
  it("needs an API token; any member's will do", async () => {
    expect((await ask("", { token: null })).status).toBe(401);
    expect((await ask("", { token: "intake_not-a-token" })).status).toBe(401);
    expect((await ask("")).status).toBe(200);
  });

  it("answers each window with both counts, a tally per state and how far coverage is verified", async () => {
    const from = new Date(START).toISOString();
    const to = new Date(START + 6 * WINDOW).toISOString();
    const answer = await ask(`?from=${from}&to=${to}`);
    expect(answer.status).toBe(200);
    const { data } = JSON.parse(answer.body) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      sourceId: source.id,
      from,
      to,
      windowMinutes: 15,
      lastVerifiedUpTo: new Date(START + 2 * WINDOW).toISOString(),
      totals: { pending: 1, verified: 1, repaired: 1, short: 1, over: 0, unverifiable: 1 },
    });
    const windows = data.windows as Array<Record<string, unknown>>;
    expect(windows.map((w) => w.state)).toEqual(["verified", "repaired", "short", "unverifiable", "pending"]);
    expect(windows[2]).toEqual({
      startsAt: new Date(START + 2 * WINDOW).toISOString(),
      endsAt: new Date(START + 3 * WINDOW).toISOString(),
      state: "short",
      intakeCount: 3,
      rapid7Count: 5,
      repulls: 3,
      reason: "Rapid7 holds 2 more record(s).",
      checkedAt: null,
    });
    expect(windows[3]).toMatchObject({ intakeCount: null, rapid7Count: null, reason: expect.stringContaining("503") });
  });

  it("keeps to the period asked for, the last 24 hours by default", async () => {
    const narrow = await ask(
      `?from=${new Date(START + WINDOW).toISOString()}&to=${new Date(START + 2 * WINDOW).toISOString()}`,
    );
    expect((JSON.parse(narrow.body) as { data: { windows: unknown[] } }).data.windows).toHaveLength(1);
    const byDefault = JSON.parse((await ask("")).body) as { data: { from: string; to: string; windows: unknown[] } };
    expect(Date.parse(byDefault.data.to) - Date.parse(byDefault.data.from)).toBe(24 * 3_600_000);
  });

  it("answers 400 naming the field for a bad period", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["?from=yesterday", "from", /ISO 8601/],
      ["?to=2026-13-40", "to", /ISO 8601/],
      ["?from=2026-12-06T00:00:00Z&to=2026-12-05T00:00:00Z", "from", /earlier than to/],
      ["?from=2026-10-01&to=2026-12-01", "to", /at most 31 days/],
    ];
    for (const [query, field, message] of cases) {
      const answer = await ask(query);
      expect(answer.status, query).toBe(400);
      const body = JSON.parse(answer.body) as { error: { code: string; fieldErrors: Record<string, string> } };
      expect(body.error.code).toBe("VALIDATION");
      expect(body.error.fieldErrors[field], query).toMatch(message);
    }
  });

  it("answers 404 for a source that does not exist", async () => {
    for (const id of [crypto.randomUUID(), "not-a-uuid"]) expect((await ask("", { id })).status, id).toBe(404);
  });
});
