import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluateSourceAlerts } from "@/lib/alerts/health-alerts";
import { createApiToken } from "@/lib/api-tokens/service";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { createLogger } from "@/lib/logger";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { recheckCredentials } from "@/lib/sources/credential-check";
import { healthOf } from "@/lib/sources/health/load";
import { runPull } from "@/lib/sources/pull/pull";
import { getSource, type SourceSummary } from "@/lib/sources/service";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { createActor } from "../helpers/actors";
import { type ApiRoute, callRoute, discoverApiRoutes, routeKey } from "../helpers/api-routes";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * Silence as a security signal, against the Rapid7 simulator and a real database: each way
 * a source can go quiet gets its own reason code, in health, in the REST API and in the
 * alerts. Someone revoking the key, taking its rights to audit logs away or turning audit
 * logging off raises a security_silence alert (MITRE T1562.008) naming the last people and
 * actions seen; a quiet organization or Intake falling behind does not.
 */
const MIN = 60_000;
let simulator: Rapid7Simulator;
let admin: Actor;
let token: string;
let routes: ApiRoute[];
const log = createLogger({ test: "silence-reasons" });

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
  token = (await createApiToken(admin, { name: "silence", expiresIn: "never" })).token;
  routes = await discoverApiRoutes();
});
beforeEach(() => simulator.control.reset());
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

const pull = (sourceId: string, at?: Date) =>
  runPull(sourceId, { trigger: "manual", log, settings: { delayMs: 0 }, ...(at ? { now: () => at.getTime() } : {}) });

/** A source with its own key (so changing the key touches no other test), with a few events stored by a real pull. */
async function sourceWithEvents(overrides: { noEventsThresholdMinutes?: number } = {}): Promise<{
  source: SourceSummary;
  key: string;
}> {
  const key = `silence-key-${crypto.randomUUID()}`;
  simulator.control.addKey({ key, region: "us3", admin: true });
  simulator.control.appendEvents({
    region: "us3",
    logName: "Platform Audit",
    records: [
      { action: "USER_LOGIN", email: "alice@acme.example" },
      { action: "API_KEY_UPDATED", email: "mallory@acme.example" },
    ].map(({ action, email }) => ({
      action,
      audit_id: crypto.randomUUID(),
      result: "SUCCESS",
      access_method: "UI",
      product: "Platform",
      description: action,
      time: new Date().toISOString(),
      request: { user: { email, name: email } },
    })),
  });
  const source = await createTestSource(admin, { apiKey: key, initialLookbackHours: 1, ...overrides });
  expect((await pull(source.id)).status).toBe("succeeded");
  return { source, key };
}

async function apiHealth(sourceId: string) {
  const route = routes.find((candidate) => routeKey(candidate) === "GET /api/v1/sources/[id]")!;
  const answer = await callRoute(route, { params: { id: sourceId }, headers: { authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body).data.health as {
    status: string;
    silence: { reason: string; suspicious: boolean; technique: { id: string } | null } | null;
  };
}

const healthAt = async (sourceId: string, at: Date) => (await healthOf([await getSource(sourceId)], at)).get(sourceId)!;

const openAlerts = (sourceId: string) =>
  db.alert.findMany({ where: { sourceId, status: "open" }, orderBy: { kind: "asc" } });

async function expectSecurityAlert(sourceId: string, reason: string) {
  const alert = await db.alert.findFirst({ where: { sourceId, kind: "security_silence", status: "open" } });
  expect(alert).toMatchObject({ severity: "critical" });
  expect(alert!.description).toContain("T1562.008");
  expect(alert!.description).toContain("mallory@acme.example");
  const context = alert!.context as { reason: string; technique: { id: string }; lastActivity: { who: string }[] };
  expect(context.reason).toBe(reason);
  expect(context.technique.id).toBe("T1562.008");
  expect(context.lastActivity.map((entry) => entry.who)).toEqual(
    expect.arrayContaining(["mallory@acme.example", "alice@acme.example"]),
  );
}

describe("suspicious silence raises a security alert with its reason", () => {
  it("key revoked (401): key_revoked, a security alert with the last people seen; it resolves when the key works again", async () => {
    const { source, key } = await sourceWithEvents();
    simulator.control.revokeKey(key);
    expect((await pull(source.id)).status).toBe("failed");
    await evaluateSourceAlerts();

    expect((await apiHealth(source.id)).silence).toMatchObject({
      reason: "key_revoked",
      suspicious: true,
      technique: { id: "T1562.008" },
    });
    await expectSecurityAlert(source.id, "key_revoked");
    // The health alert is raised too: the security alert is a distinct kind beside it.
    expect((await openAlerts(source.id)).map((alert) => alert.kind)).toEqual(["credentials", "security_silence"]);

    simulator.control.addKey({ key, region: "us3", admin: true });
    expect((await recheckCredentials(source.id)).status).toBe("ok");
    await evaluateSourceAlerts();
    expect((await apiHealth(source.id)).silence).toBeNull();
    expect(await openAlerts(source.id)).toEqual([]);
    expect(
      await db.alert.findFirst({
        where: { sourceId: source.id, kind: "security_silence" },
        select: { resolution: true },
      }),
    ).toMatchObject({ resolution: expect.stringMatching(/^The cause is gone/) });
  }, 60_000);

  it("key's rights reduced (403 on audit logs): rights_reduced and a security alert", async () => {
    const { source, key } = await sourceWithEvents();
    simulator.control.setKeyAdmin(key, false);
    expect((await pull(source.id)).status).toBe("failed");
    await evaluateSourceAlerts();

    expect((await apiHealth(source.id)).silence).toMatchObject({ reason: "rights_reduced", suspicious: true });
    await expectSecurityAlert(source.id, "rights_reduced");
  }, 60_000);

  it("audit log gone from Rapid7's log list (audit logging turned off): audit_log_gone and a security alert", async () => {
    const { source } = await sourceWithEvents();
    const removed = simulator.control.findLog({ region: "us3", logName: "Platform Audit" }).id;
    expect(simulator.control.removeLog({ region: "us3", logName: "Platform Audit" })).toBe(true);
    expect(await recheckCredentials(source.id)).toMatchObject({ status: "ok", missingAuditLogIds: [removed] });
    await evaluateSourceAlerts();

    expect((await apiHealth(source.id)).silence).toMatchObject({ reason: "audit_log_gone", suspicious: true });
    await expectSecurityAlert(source.id, "audit_log_gone");
  }, 60_000);
});

describe("innocent silence gets its reason but no security alert", () => {
  it("Rapid7 counts zero for the silent period: silence_unverified until Rapid7 is asked, then rapid7_quiet", async () => {
    const { source } = await sourceWithEvents({ noEventsThresholdMinutes: 15 });
    const later = new Date(Date.now() + 20 * MIN);
    // Pulls keep succeeding; nothing new arrives.
    expect((await pull(source.id, later)).status).toBe("succeeded");
    await evaluateSourceAlerts(later);
    expect((await openAlerts(source.id)).map((alert) => alert.kind)).toEqual(["no_events"]);

    expect((await healthAt(source.id, later)).silence).toMatchObject({
      reason: "silence_unverified",
      suspicious: false,
    });

    const check = await recheckCredentials(source.id, later);
    expect(check.probe).toMatchObject({ events: 0 });
    expect((await healthAt(source.id, later)).silence).toMatchObject({ reason: "rapid7_quiet", suspicious: false });
    await evaluateSourceAlerts(later);
    expect((await openAlerts(source.id)).map((alert) => alert.kind)).toEqual(["no_events"]);
  }, 60_000);

  it("Rapid7 has events for the silent period that Intake has not stored: intake_behind", async () => {
    const { source } = await sourceWithEvents({ noEventsThresholdMinutes: 15 });
    const later = new Date(Date.now() + 20 * MIN);
    expect((await pull(source.id, later)).status).toBe("succeeded");
    // An event Rapid7 received after Intake's last stored one, that no pull has read yet.
    simulator.control.appendEvents({ region: "us3", logName: "Platform Audit", count: 1 });
    expect((await recheckCredentials(source.id, later)).probe).toMatchObject({ events: 1 });
    expect((await healthAt(source.id, later)).silence).toMatchObject({ reason: "intake_behind", suspicious: false });
    await evaluateSourceAlerts(later);
    expect((await openAlerts(source.id)).map((alert) => alert.kind)).toEqual(["no_events"]);
  }, 60_000);

  it("no pull completes (no worker running): intake_behind, not a security alert", async () => {
    const { source } = await sourceWithEvents({ noEventsThresholdMinutes: 15 });
    const later = new Date(Date.now() + 20 * MIN);
    const health = await healthAt(source.id, later);
    expect(health.silence).toMatchObject({ reason: "intake_behind", suspicious: false });
    expect(health.silence?.message).toContain("no worker is running");
    await evaluateSourceAlerts(later);
    expect((await openAlerts(source.id)).map((alert) => alert.kind)).not.toContain("security_silence");
  }, 60_000);
});
