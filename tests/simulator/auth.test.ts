import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEMO_EU_NO_AUDIT_KEY,
  DEMO_US3_ADMIN_KEY,
  DEMO_US3_READONLY_KEY,
  type Rapid7Simulator,
} from "@/simulator/rapid7";
import { api, call, queryUrl, startTestSimulator } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let sim: Rapid7Simulator;
beforeAll(async () => {
  ({ sim } = await startTestSimulator());
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

describe("auth and /validate", () => {
  it("answers 200 Authorized for a key of the region, with the common headers", async () => {
    const result = await call(api(sim, "us3", "validate"));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ message: "Authorized" });
    expect(result.headers.get("content-type")).toBe("application/json");
    expect(result.headers.get("r7-correlation-id")).toMatch(UUID);
    for (const prefix of ["x-ratelimit", "ratelimit"]) {
      expect(result.headers.get(`${prefix}-limit`)).toBe("1500");
      expect(result.headers.get(`${prefix}-remaining`)).toBe("1499");
      expect(result.headers.get(`${prefix}-reset`)).toBe("900");
    }
  });

  it("gives every response a fresh correlation id", async () => {
    const first = await call(api(sim, "us3", "validate"));
    const second = await call(api(sim, "us3", "validate"));
    expect(first.headers.get("r7-correlation-id")).not.toBe(second.headers.get("r7-correlation-id"));
  });

  it("reads the key header case-insensitively", async () => {
    expect((await call(api(sim, "us3", "validate"), { headerName: "x-api-key" })).status).toBe(200);
    expect((await call(api(sim, "us3", "validate"), { headerName: "X-API-KEY" })).status).toBe(200);
  });

  it("answers 401 Unauthorized for a missing or unknown key", async () => {
    for (const key of [null, "not-a-real-key"]) {
      const result = await call(api(sim, "us3", "validate"), { key });
      expect(result.status).toBe(401);
      expect(result.body).toEqual({ message: "Unauthorized" });
      expect(result.headers.get("x-ratelimit-limit")).toBe("1500");
    }
  });

  it("answers 401 for a key used on another region, or 500 with the wrongRegionStatus knob", async () => {
    const eu = await call(api(sim, "eu", "validate"));
    expect(eu.status).toBe(401);
    expect(eu.body).toEqual({ message: "Unauthorized" });
    expect((await call(api(sim, "eu", "validate"), { key: DEMO_EU_NO_AUDIT_KEY })).status).toBe(200);

    sim.control.setKnobs({ wrongRegionStatus: 500 });
    const wrong = await call(api(sim, "us", "validate"));
    expect(wrong.status).toBe(500);
    expect(wrong.body.message).toBe("Internal Server Error");
  });

  it("answers 404 for a region that does not exist", async () => {
    expect((await call(api(sim, "mars", "validate"))).status).toBe(404);
  });

  it("stops accepting a revoked key and accepts an added one", async () => {
    sim.control.revokeKey(DEMO_US3_ADMIN_KEY);
    expect((await call(api(sim, "us3", "validate"))).status).toBe(401);
    sim.control.addKey({ key: "fresh-key", region: "us3", admin: true });
    expect((await call(api(sim, "us3", "validate"), { key: "fresh-key" })).status).toBe(200);
  });

  it("lets a non-admin key list logs and query non-audit logs, but answers 403 on audit logs", async () => {
    const listing = await call(api(sim, "us3", "log_search/management/logs"), { key: DEMO_US3_READONLY_KEY });
    expect(listing.status).toBe(200);

    const audit = sim.control.findLog({ region: "us3", logName: "Platform Audit" });
    const firewall = sim.control.findLog({ region: "us3", logName: "Firewall Events" });
    const range = { time_range: "last 7 days" };
    const forbidden = await call(queryUrl(sim, audit.id, range), { key: DEMO_US3_READONLY_KEY });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ message: "Forbidden" });
    // Mixing an audit log into a multi-log query is forbidden too.
    const mixed = await call(queryUrl(sim, [firewall.id, audit.id], range), { key: DEMO_US3_READONLY_KEY });
    expect(mixed.status).toBe(403);

    const allowed = await call(queryUrl(sim, firewall.id, range), { key: DEMO_US3_READONLY_KEY });
    expect(allowed.status).toBe(202);
    expect((await call(queryUrl(sim, audit.id, range))).status).toBe(202);
  });

  it("answers 404 for another organization's log id", async () => {
    const quietLog = sim.control.findLog({ region: "eu", logName: "Edge Firewall" });
    const result = await call(queryUrl(sim, quietLog.id, { time_range: "today" }));
    expect(result.status).toBe(404);
    expect(result.body).toEqual({ message: "Not Found" });
  });
});
