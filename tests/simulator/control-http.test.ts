import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type {
  EntrySummary,
  LogSnapshot,
  OrgSnapshot,
  Rapid7Simulator,
  SimulatorKnobs,
  SimulatorStats,
} from "@/simulator/rapid7";
import { FIXED_NOW, api, call, linkOf, queryUrl, startTestSimulator } from "./helpers";

let sim: Rapid7Simulator;

beforeAll(async () => {
  ({ sim } = await startTestSimulator());
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

async function control<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sim.origin}/_control${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } : {}),
  });
  return { status: response.status, body: (await response.json()) as T };
}

describe("HTTP control API", () => {
  it("describes the world and finds logs", async () => {
    const state = await control<{ orgs: OrgSnapshot[]; keys: unknown[] }>("GET", "/state");
    expect(state.status).toBe(200);
    expect(state.body).toEqual(sim.control.describe());
    const found = await control<LogSnapshot>("GET", "/logs/find?region=us3&logName=InsightVM%20Audit");
    expect(found.body.id).toBe(sim.control.findLog({ region: "us3", logName: "InsightVM Audit" }).id);
    expect((await control("GET", "/logs/find?region=us3&logName=Nope")).status).toBe(400);
  });

  it("reads, patches, validates and resets knobs", async () => {
    const patched = await control<SimulatorKnobs>("POST", "/knobs", { pendingPolls: 0, lowercaseRel: true });
    expect(patched.body).toMatchObject({ pendingPolls: 0, lowercaseRel: true, progressStep: 50 });
    expect(sim.control.getKnobs().pendingPolls).toBe(0);
    const invalid = await control<{ message: string }>("POST", "/knobs", { pendingPolls: -1, bogus: true });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toMatch(/pendingPolls|bogus/);
    expect((await control<SimulatorKnobs>("DELETE", "/knobs")).body.pendingPolls).toBe(1);
  });

  it("injects and clears faults and chaos", async () => {
    expect(
      (
        await control("POST", "/faults", {
          faults: [{ kind: "status", status: 503, count: 2, pathPattern: "validate" }],
        })
      ).status,
    ).toBe(200);
    expect((await call(api(sim, "us3", "validate"))).status).toBe(503);
    expect((await control<{ pendingFaults: number }>("DELETE", "/faults")).body.pendingFaults).toBe(0);
    expect((await call(api(sim, "us3", "validate"))).status).toBe(200);

    expect((await control("POST", "/faults", [{ kind: "teapot" }])).status).toBe(400);

    await control("POST", "/chaos", { rate: 1, seed: 1, kinds: ["5xx"] });
    expect((await call(api(sim, "us3", "validate"))).status).toBeGreaterThanOrEqual(500);
    await control("DELETE", "/chaos");
    expect((await call(api(sim, "us3", "validate"))).status).toBe(200);
  });

  it("appends events, adds late ones and reads entries back", async () => {
    const logId = sim.control.findLog({ region: "us3", logName: "Platform Audit" }).id;
    const appended = await control<{ entries: EntrySummary[] }>("POST", "/events/append", {
      region: "us3",
      logName: "Platform Audit",
      records: [{ action: "LOG_CREATED", audit_id: "http-1" }],
    });
    expect(appended.body.entries[0]).toMatchObject({ audit_id: "http-1", timestampMs: FIXED_NOW, logId });
    const late = await control<{ entries: EntrySummary[] }>("POST", "/events/late", {
      logId,
      count: 2,
      envelopeAgoMs: 60_000,
    });
    expect(late.body.entries.map((e) => e.timestampMs)).toEqual([FIXED_NOW - 60_000, FIXED_NOW - 60_000]);

    const tail = await control<{ entries: EntrySummary[] }>(
      "GET",
      `/entries?logId=${logId}&offset=${sim.control.findLog({ logId }).entryCount - 3}`,
    );
    expect(tail.body.entries.map((e) => e.seq)).toEqual(
      [...late.body.entries, ...appended.body.entries].map((e) => e.seq),
    );
    expect(
      (await control<{ entries: EntrySummary[] }>("GET", `/entries?logId=${logId}&limit=2`)).body.entries,
    ).toHaveLength(2);
    expect((await control("POST", "/events/append", { logId, count: 1, records: [{}] })).status).toBe(400);
  });

  it("seeds bulk data", async () => {
    const result = await control<{ count: number; logId: string }>("POST", "/bulk", {
      region: "us3",
      logName: "Firewall Events",
      count: 10_000,
      fromMs: FIXED_NOW - 3_600_000,
      toMs: FIXED_NOW,
    });
    expect(result.body.count).toBe(10_000);
    sim.control.setKnobs({ pendingPolls: 0 });
    const page = await call(queryUrl(sim, result.body.logId, { time_range: "last 1 hour", per_page: 500 }));
    expect(page.body.events).toHaveLength(500);
    expect(page.body.events?.[0]?.message).toMatch(/ action=(allow|deny) /);
  });

  it("adds organizations and keys, revokes keys, and reports statistics", async () => {
    const org = await control<OrgSnapshot>("POST", "/orgs", {
      name: "Southern Cross",
      region: "au",
      logs: [{ name: "Platform Audit", logsetName: "Audit Logs" }],
      keys: [{ key: "au-admin", admin: true }],
    });
    expect(org.status).toBe(200);
    expect(org.body.logs[0]).toMatchObject({ audit: true, profile: "platform", entryCount: 0 });
    expect((await call(api(sim, "au", "validate"), { key: "au-admin" })).status).toBe(200);

    expect((await control("POST", "/keys", { key: "au-reader", orgId: org.body.id, admin: false })).status).toBe(200);
    const forbidden = await call(queryUrl(sim, org.body.logs[0]?.id ?? "", { time_range: "today" }, "au"), {
      key: "au-reader",
    });
    expect(forbidden.status).toBe(403);

    expect((await control<{ revoked: boolean }>("DELETE", "/keys/au-reader")).body.revoked).toBe(true);
    expect((await call(api(sim, "au", "validate"), { key: "au-reader" })).status).toBe(401);

    const stats = await control<SimulatorStats>("GET", "/stats");
    expect(stats.body.totalRequests).toBe(3);
    expect(stats.body.requests).toContainEqual({ key: "au-reader", family: "query", status: 403, count: 1 });
  });

  it("takes a key's rights to audit logs away and back, and removes a log from the log list", async () => {
    const platform = sim.control.findLog({ region: "us3", logName: "Platform Audit" });
    const query = () => call(queryUrl(sim, platform.id, { time_range: "today" }));
    const reduced = await control<{ admin: boolean }>("POST", "/keys/demo-us3-admin-key/rights", { admin: false });
    expect(reduced.body).toMatchObject({ admin: false });
    expect((await query()).status).toBe(403);
    expect((await control("POST", "/keys/demo-us3-admin-key/rights", { admin: "yes" })).status).toBe(400);
    expect((await control("POST", "/keys/no-such-key/rights", { admin: true })).status).toBe(400);
    await control("POST", "/keys/demo-us3-admin-key/rights", { admin: true });
    expect((await query()).status).not.toBe(403);

    expect((await control<{ removed: boolean }>("DELETE", "/logs?region=us3&logName=Platform%20Audit")).body).toEqual({
      removed: true,
    });
    const logs = JSON.parse((await call(api(sim, "us3", "log_search/management/logs"))).text) as {
      logs: { id: string }[];
    };
    expect(logs.logs.map((log) => log.id)).not.toContain(platform.id);
    expect((await query()).status).toBe(404);
  });

  it("resets to the start-up seed, another seed or an empty world", async () => {
    sim.control.setKnobs({ pendingPolls: 0 });
    expect((await control("POST", "/reset", {})).status).toBe(200);
    expect(sim.control.getKnobs().pendingPolls).toBe(1);
    await control("POST", "/reset", { seed: false });
    expect(sim.control.describe()).toEqual({ orgs: [], keys: [] });
    await control("POST", "/reset", { seed: { seed: 99, seedDays: 1 } });
    const log = sim.control.findLog({ region: "us3", logName: "InsightIDR Audit" });
    expect(log.entryCount).toBeGreaterThan(50);
    expect(log.entryCount).toBeLessThan(400);
  });

  it("switches the live feed on and off", async () => {
    expect((await control("POST", "/live", { eventsPerMinute: 6000 })).status).toBe(200);
    const before = sim.control.describe().orgs[0]?.logs.reduce((sum, log) => sum + log.entryCount, 0) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 400));
    await control("POST", "/live", { eventsPerMinute: 0 });
    const after = sim.control.describe().orgs[0]?.logs.reduce((sum, log) => sum + log.entryCount, 0) ?? 0;
    expect(after).toBeGreaterThan(before);
  });

  it("answers 404 for unknown control endpoints and 400 for bodies that are not JSON", async () => {
    expect((await control("GET", "/nope")).status).toBe(404);
    const response = await fetch(`${sim.origin}/_control/knobs`, { method: "POST", body: "{not json" });
    expect(response.status).toBe(400);
  });

  it("does not rate-limit or fault the control API itself", async () => {
    sim.control.setChaos({ rate: 1, seed: 1, kinds: ["5xx"] });
    sim.control.setKnobs({ rateLimit: { limit: 1, windowSec: 900 } });
    for (let i = 0; i < 3; i++) expect((await control("GET", "/stats")).status).toBe(200);
    const created = await call(
      queryUrl(sim, sim.control.findLog({ region: "us3", logName: "Platform Audit" }).id, { time_range: "today" }),
    );
    expect(created.status).toBeGreaterThanOrEqual(500);
    expect(linkOf(created.body, "Self")).toBeUndefined();
  });
});
