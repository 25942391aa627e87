import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { db, pool } from "@/lib/db";
import { ValidationError } from "@/lib/errors";
import { runPull } from "@/lib/sources/pull/pull";
import type { Rapid7Simulator } from "@/simulator/rapid7";
import { DEMO_US3_ADMIN_KEY, DEMO_US3_READONLY_KEY } from "@/simulator/rapid7";
import { pullScheduleHandler } from "@/lib/worker/handlers/pull-schedule.handler";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { recheckCredentials } from "@/lib/sources/credential-check";
import { healthOf } from "@/lib/sources/health/load";
import { getSource, listSources, requestPull, setSourcePaused } from "@/lib/sources/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

let simulator: Rapid7Simulator;
let admin: Actor;
const log = createLogger({ test: "source-operations" });

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1, volume: 1 });
  admin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

async function queuedPulls(sourceId: string): Promise<{ trigger: string; state: string }[]> {
  const { rows } = await pool().query<{ trigger: string; state: string }>(
    `SELECT data->>'trigger' AS trigger, state::text FROM pgboss.job WHERE name = 'pull.source' AND data->>'sourceId' = $1 ORDER BY created_on`,
    [sourceId],
  );
  return rows;
}

describe("creating a source", () => {
  it("stores the key encrypted, never returns it, and queues the first pull", async () => {
    const source = await createTestSource(admin);
    expect(JSON.stringify(source)).not.toContain(DEMO_US3_ADMIN_KEY);
    const row = await db.logSource.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.apiKeyEncrypted).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(row.apiKeyEncrypted).not.toContain(DEMO_US3_ADMIN_KEY);
    expect(row.auditLogs).toHaveLength(3);
    expect(await queuedPulls(source.id)).toEqual([{ trigger: "initial", state: "created" }]);
  });

  // Analysts are refused at the boundary: server-action-roles and route-roles prove it.
  it("is refused to names already taken, in any case", async () => {
    await createTestSource(admin, { name: "Acme Audit" });
    await expect(createTestSource(admin, { name: "  acme AUDIT " })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { name: "A source with this name already exists. Choose another name." },
    });
  });

  it("explains a key that cannot read audit logs, and one that is rejected in the region", async () => {
    await expect(createTestSource(admin, { name: "Readonly", apiKey: DEMO_US3_READONLY_KEY })).rejects.toMatchObject({
      fieldErrors: { apiKey: expect.stringContaining("may not read audit logs") },
    });
    await expect(createTestSource(admin, { name: "Wrong region", region: "eu" })).rejects.toMatchObject({
      fieldErrors: { apiKey: expect.stringContaining("Rapid7 rejected this API key in Europe (eu)") },
    });
    expect(await db.logSource.count({ where: { name: { in: ["Readonly", "Wrong region"] } } })).toBe(0);
  });
});

describe("operating a source", () => {
  it("pause stops scheduled pulls; resume and pull now queue one right away", async () => {
    const source = await createTestSource(admin, { initialLookbackHours: 1 });
    await setSourcePaused(admin, source.id, true);
    expect((await runPull(source.id, { trigger: "schedule", log })).status).toBe("skipped");
    await expect(requestPull(source.id)).rejects.toBeInstanceOf(ValidationError);

    await setSourcePaused(admin, source.id, false);
    expect((await queuedPulls(source.id)).map((j) => j.trigger)).toEqual(["initial", "manual"]);
    await requestPull(source.id);
    await requestPull(source.id); // a double click within 5 s is one pull
    expect((await queuedPulls(source.id)).map((j) => j.trigger)).toEqual(["initial", "manual", "manual"]);
  });

  it("the scheduler queues due sources only: not paused ones, not rejected keys, not ones pulled recently", async () => {
    const due = await createTestSource(admin, { initialLookbackHours: 1 });
    const paused = await createTestSource(admin, { initialLookbackHours: 1 });
    await setSourcePaused(admin, paused.id, true);
    const rejected = await createTestSource(admin, { initialLookbackHours: 1 });
    await db.sourceState.update({ where: { sourceId: rejected.id }, data: { credentialsStatus: "invalid" } });
    const recent = await createTestSource(admin, { initialLookbackHours: 1 });
    await runPull(recent.id, { trigger: "manual", log });

    await pullScheduleHandler(
      {},
      { jobId: "t", workerId: "t", retryCount: 0, log, signal: new AbortController().signal },
    );
    const scheduled = async (id: string) => (await queuedPulls(id)).filter((j) => j.trigger === "schedule").length;
    expect(await scheduled(due.id)).toBe(1);
    expect(await scheduled(paused.id)).toBe(0);
    expect(await scheduled(rejected.id)).toBe(0);
    expect(await scheduled(recent.id)).toBe(0);
    // Run again in the same minute: the singleton key keeps it at one.
    await pullScheduleHandler(
      {},
      { jobId: "t", workerId: "t", retryCount: 0, log, signal: new AbortController().signal },
    );
    expect(await scheduled(due.id)).toBe(1);
  });

  it("the credential re-check marks a revoked key, and lets the source pull again once the key works", async () => {
    const key = `recheck-key-${Date.now()}`;
    simulator.control.addKey({ key, region: "us3", admin: true });
    const source = await createTestSource(admin, { apiKey: key, initialLookbackHours: 1 });
    simulator.control.revokeKey(key);
    expect(await recheckCredentials(source.id)).toMatchObject({ status: "invalid" });
    let [health] = [...(await healthOf([await getSource(source.id)])).values()];
    expect(health).toMatchObject({ status: "unhealthy" });
    expect(health!.checks[0]).toMatchObject({ id: "credentials", status: "failing", reason: "credentials_invalid" });

    simulator.control.addKey({ key, region: "us3", admin: true });
    expect(await recheckCredentials(source.id)).toMatchObject({ status: "ok" });
    const state = await db.sourceState.findUniqueOrThrow({ where: { sourceId: source.id } });
    expect(state.credentialsStatus).toBe("ok");
    expect(state.nextPullAt!.getTime()).toBeLessThanOrEqual(Date.now());
    await runPull(source.id, { trigger: "schedule", log });
    [health] = [...(await healthOf([await getSource(source.id)])).values()];
    expect(health!.status).toBe("healthy");
  });

  it("lists sources with their state for any signed-in user", async () => {
    const sources = await listSources();
    expect(sources.length).toBeGreaterThan(0);
    expect(sources[0]).not.toHaveProperty("apiKeyEncrypted");
    expect(sources[0]).toHaveProperty("state");
  });
});
