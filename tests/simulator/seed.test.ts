import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuditRecord,
  DEMO_AUDIT_LOG_NAMES,
  DEMO_EU_NO_AUDIT_KEY,
  DEMO_US3_ADMIN_KEY,
  DEMO_US3_READONLY_KEY,
  type Rapid7Simulator,
} from "@/simulator/rapid7";
import { FIXED_NOW, type Rapid7Event, queryUrl, readAllPages, startTestSimulator } from "./helpers";

const DAY = 86_400_000;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let sim: Rapid7Simulator;
const recordsByLog = new Map<string, Array<{ event: Rapid7Event; record: AuditRecord }>>();

beforeAll(async () => {
  ({ sim } = await startTestSimulator());
  sim.control.setKnobs({ pendingPolls: 0 });
  for (const name of DEMO_AUDIT_LOG_NAMES) {
    const log = sim.control.findLog({ region: "us3", logName: name });
    const { events } = await readAllPages(queryUrl(sim, log.id, { time_range: "last 8 days", per_page: 500 }));
    recordsByLog.set(
      name,
      events.map((event) => ({ event, record: JSON.parse(event.message) as AuditRecord })),
    );
  }
});
afterAll(() => sim.close());

const all = () => [...recordsByLog.values()].flat();

describe("default seed", () => {
  it("creates Acme Corp in us3 and Quiet Co in eu with the documented keys", () => {
    const { orgs, keys } = sim.control.describe();
    expect(
      orgs.map((org) => [org.name, org.region, org.logs.map((log) => [log.name, log.logset.name, log.audit])]),
    ).toEqual([
      [
        "Acme Corp",
        "us3",
        [
          ["Platform Audit", "Audit Logs", true],
          ["InsightIDR Audit", "Audit Logs", true],
          ["InsightVM Audit", "Audit Logs", true],
          ["Firewall Events", "Network", false],
        ],
      ],
      ["Quiet Co", "eu", [["Edge Firewall", "Network", false]]],
    ]);
    expect(keys.map((key) => [key.key, key.region, key.admin])).toEqual([
      [DEMO_US3_ADMIN_KEY, "us3", true],
      [DEMO_US3_READONLY_KEY, "us3", false],
      [DEMO_EU_NO_AUDIT_KEY, "eu", true],
    ]);
  });

  it("holds a few hundred audit records per day over the last 7 days", () => {
    const records = all();
    expect(records.length / 7).toBeGreaterThan(200);
    expect(records.length / 7).toBeLessThan(400);
    const timestamps = records.map(({ event }) => event.timestamp);
    expect(Math.min(...timestamps)).toBeGreaterThanOrEqual(FIXED_NOW - 7 * DAY);
    expect(Math.max(...timestamps)).toBeLessThan(FIXED_NOW);
    for (let day = 1; day <= 7; day++) {
      const inDay = timestamps.filter((t) => t >= FIXED_NOW - day * DAY && t < FIXED_NOW - (day - 1) * DAY);
      expect(inDay.length).toBeGreaterThan(150);
    }
  });

  it("is deterministic for a seed and differs between seeds", async () => {
    const twin = await startWithSeed({ seed: 7 });
    const other = await startWithSeed({ seed: 8 });
    try {
      const entries = (s: Rapid7Simulator) =>
        s.control.describe().orgs.flatMap((org) => org.logs.map((log) => s.control.listEntries({ logId: log.id })));
      expect(twin.control.describe()).toEqual(sim.control.describe());
      expect(entries(twin)).toEqual(entries(sim));
      expect(other.control.findLog({ region: "us3", logName: "Platform Audit" }).id).not.toBe(
        sim.control.findLog({ region: "us3", logName: "Platform Audit" }).id,
      );
    } finally {
      await twin.close();
      await other.close();
    }
  });
});

async function startWithSeed(seed: { seed: number }): Promise<Rapid7Simulator> {
  return (await startTestSimulator({ seed })).sim;
}

describe("seeded audit records (Rapid7.AuditLog shape)", () => {
  it("carry the required fields and consistent times", () => {
    for (const { event, record } of all()) {
      expect(record.audit_id).toMatch(UUID);
      expect(record.time).toMatch(ISO_MS);
      expect(typeof record.action).toBe("string");
      expect(record.service_info.type).toBe("AUDIT");
      expect(record.service_info.event.type).toBe(record.action);
      expect(record.service_info.event.timestamp).toBe(Date.parse(record.time));
      // Ingestion (envelope) time is a little after the record's own time.
      const lag = event.timestamp - Date.parse(record.time);
      expect(lag).toBeGreaterThanOrEqual(100);
      expect(lag).toBeLessThanOrEqual(30_000);
    }
    const ids = all().map(({ record }) => record.audit_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keep the key order of the documented fixtures", () => {
    const withRequest = all().find(({ record }) => record.request && record.service_info.previousEntry)?.record;
    expect(Object.keys(withRequest ?? {})).toEqual([
      "action",
      "audit_id",
      "result",
      "access_method",
      "product",
      "description",
      "time",
      "request",
      "service_info",
    ]);
    expect(Object.keys(withRequest?.service_info ?? {})).toEqual(["type", "previousEntry", "event"]);
  });

  it("use the documented action names per product", () => {
    const actions = (name: string) => new Set(recordsByLog.get(name)?.map(({ record }) => record.action));
    const products = (name: string) => new Set(recordsByLog.get(name)?.map(({ record }) => record.product));
    expect(products("InsightIDR Audit")).toEqual(new Set(["IDR"]));
    expect(products("InsightVM Audit")).toEqual(new Set(["IVM"]));
    expect(products("Platform Audit")).toEqual(new Set(["PLATFORM"]));
    for (const action of [
      "LOG_CREATED",
      "LOG_UPDATED",
      "LOG_DELETED",
      "ACTIVATE_COLLECTOR",
      "DELETE_COLLECTOR",
      "COPY_EVENT_SOURCES",
      "ACTIVATE_HONEYPOT",
      "DELETE_HONEYPOT",
      "ACTIVATE_ORCHESTRATOR",
      "DELETE_ORCHESTRATOR",
      "ADD_EVENT_SOURCE",
    ]) {
      expect(actions("InsightIDR Audit").has(action), action).toBe(true);
    }
    for (const action of [
      "SAVE_POLICY",
      "UPDATE_POLICY_DESCRIPTION",
      "UPDATE_POLICY_RULE_INFO",
      "CREATE_NEW_RULE",
      "DELETE_RULES",
    ]) {
      expect(actions("InsightVM Audit").has(action), action).toBe(true);
    }
  });

  it("vary results, access methods and initiators the way real activity does", () => {
    const records = all().map(({ record }) => record);
    expect(new Set(records.map((r) => r.result))).toEqual(new Set(["SUCCESS", "FAILURE"]));
    const failures = records.filter((r) => r.result === "FAILURE").length / records.length;
    expect(failures).toBeGreaterThan(0.02);
    expect(failures).toBeLessThan(0.15);
    expect(new Set(records.map((r) => r.access_method))).toEqual(new Set(["UI", "API", "AUTOMATION"]));

    const people = records.filter((r) => r.service_info.event.initiatorIdentification.email);
    const apiKeys = records.filter((r) => r.service_info.event.initiatorIdentification.apiKeyId);
    const flows = records.filter((r) => r.service_info.event.initiatorIdentification.automatedFlowName);
    expect(people.length + apiKeys.length + flows.length).toBe(records.length);
    expect(
      people.every(
        (r) =>
          r.request?.user.email === r.service_info.event.updatedBy &&
          /@acmecorp\.example$/.test(r.request?.user.email ?? ""),
      ),
    ).toBe(true);
    expect(apiKeys.length).toBeGreaterThan(0);
    expect(
      apiKeys.every(
        (r) => r.request?.user.email === null && r.access_method === "API" && !r.service_info.event.updatedBy,
      ),
    ).toBe(true);
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((r) => r.access_method === "AUTOMATION" && r.request === undefined)).toBe(true);
  });

  it("carry previousEntry on updates only", () => {
    const records = all().map(({ record }) => record);
    const updates = records.filter((r) => r.action === "LOG_UPDATED" || r.action.startsWith("UPDATE_POLICY_"));
    expect(updates.length).toBeGreaterThan(10);
    expect(updates.every((r) => typeof r.service_info.previousEntry === "object")).toBe(true);
    const creations = records.filter((r) => r.action === "LOG_CREATED" || r.action === "SAVE_POLICY");
    expect(creations.every((r) => r.service_info.previousEntry === undefined)).toBe(true);
  });

  it("describe what happened in Rapid7's wording", () => {
    const byAction = (action: string) => all().find(({ record }) => record.action === action)?.record.description ?? "";
    expect(byAction("LOG_CREATED")).toMatch(/^Log ".+" (was created|could not be created)$/);
    expect(byAction("COPY_EVENT_SOURCES")).toMatch(/[Ee]vent sources .*collector .+ to .+/);
    expect(byAction("ACTIVATE_HONEYPOT")).toMatch(/Honeypot \(.+ - \d+\.\d+\.\d+\.\d+\) activat/);
  });
});

describe("non-audit logs", () => {
  it("hold plain text lines, not JSON", async () => {
    const log = sim.control.findLog({ region: "us3", logName: "Firewall Events" });
    const { events } = await readAllPages(queryUrl(sim, log.id, { time_range: "last 2 days", per_page: 500 }));
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      expect(() => JSON.parse(event.message)).toThrow();
      expect(event.message).toMatch(/ action=(allow|deny) /);
    }
  });
});
