import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_EU_NO_AUDIT_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { api, call, startTestSimulator } from "./helpers";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface LogJson {
  id: string;
  name: string;
  logsets_info: Array<{ id: string; name: string; links: Array<{ rel: string; href: string }> }>;
  source_type: string;
  token_seed: null;
  tokens: unknown[];
  structures: unknown[];
  user_data: Record<string, unknown>;
}

interface LogsetJson {
  id: string;
  name: string;
  description: string;
  user_data: Record<string, unknown>;
  logs_info: Array<{ id: string; name: string; links: Array<{ rel: string; href: string }> }>;
}

let sim: Rapid7Simulator;
beforeAll(async () => {
  ({ sim } = await startTestSimulator());
});
afterAll(() => sim.close());

describe("management endpoints", () => {
  it("lists the seeded logs in the documented shape with absolute logset links", async () => {
    const result = await call(api(sim, "us3", "log_search/management/logs"));
    expect(result.status).toBe(200);
    const logs = result.body.logs as LogJson[];
    expect(logs.map((log) => log.name)).toEqual([
      "Platform Audit",
      "InsightIDR Audit",
      "InsightVM Audit",
      "Firewall Events",
    ]);
    for (const log of logs) {
      expect(log.id).toMatch(UUID);
      expect(Object.keys(log).sort()).toEqual(
        ["id", "logsets_info", "name", "source_type", "structures", "token_seed", "tokens", "user_data"].sort(),
      );
      expect(log.token_seed).toBeNull();
      const logset = log.logsets_info[0];
      expect(logset?.links[0]).toEqual({
        rel: "Self",
        href: `${sim.origin}/us3/log_search/management/logsets/${logset?.id}`,
      });
    }
    const audit = logs.filter((log) => log.logsets_info[0]?.name === "Audit Logs");
    expect(audit).toHaveLength(3);
    expect(logs.find((log) => log.name === "Firewall Events")?.logsets_info[0]?.name).toBe("Network");
  });

  it("lists log sets with their logs, and the links lead back to the same objects", async () => {
    const result = await call(api(sim, "us3", "log_search/management/logsets"));
    const logsets = result.body.logsets as unknown as LogsetJson[];
    expect(logsets.map((set) => set.name)).toEqual(["Audit Logs", "Network"]);
    const audit = logsets[0] as LogsetJson;
    expect(audit).toMatchObject({ description: "", user_data: {} });
    expect(audit.logs_info.map((log) => log.name)).toEqual(["Platform Audit", "InsightIDR Audit", "InsightVM Audit"]);

    const firstLog = audit.logs_info[0];
    const single = await call(firstLog?.links[0]?.href ?? "");
    expect(single.status).toBe(200);
    expect((single.body.log as unknown as LogJson).name).toBe("Platform Audit");

    const logsetSelf = (single.body.log as unknown as LogJson).logsets_info[0]?.links[0]?.href ?? "";
    const set = await call(logsetSelf);
    expect(set.status).toBe(200);
    expect((set.body as { logset?: LogsetJson }).logset?.name).toBe("Audit Logs");
  });

  it("answers 404 for an unknown log id", async () => {
    const result = await call(api(sim, "us3", "log_search/management/logs/00000000-0000-4000-8000-000000000000"));
    expect(result.status).toBe(404);
    expect(result.body).toEqual({ message: "Not Found" });
  });

  it("serves the legacy paths without /log_search, with legacy links", async () => {
    const result = await call(api(sim, "us3", "management/logs"));
    expect(result.status).toBe(200);
    const log = (result.body.logs as LogJson[])[0];
    expect(log?.logsets_info[0]?.links[0]?.href).toBe(
      `${sim.origin}/us3/management/logsets/${log?.logsets_info[0]?.id}`,
    );
  });

  it("shows Quiet Co only its non-audit log", async () => {
    const result = await call(api(sim, "eu", "log_search/management/logs"), { key: DEMO_EU_NO_AUDIT_KEY });
    expect((result.body.logs as LogJson[]).map((log) => log.name)).toEqual(["Edge Firewall"]);
  });

  it("answers 405 for a wrong method on a known path", async () => {
    expect((await call(api(sim, "us3", "log_search/management/logs"), { method: "DELETE" })).status).toBe(405);
  });
});
