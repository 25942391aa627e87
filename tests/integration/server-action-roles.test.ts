import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/action-result";
import { secrets } from "@/lib/config/secrets";
import type { Actor } from "@/lib/auth/roles";
import { DEMO_US3_ADMIN_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { raiseAlert, resolveAlertByKey } from "@/lib/alerts/service";
import { createApiToken } from "@/lib/api-tokens/service";
import { createDestination } from "@/lib/destinations/service";
import { parseStoredAuditLogs } from "@/lib/sources/audit-logs";
import { addMaintenanceWindow } from "@/lib/sources/volume";
import { createActor } from "../helpers/actors";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";
import { useTestDatabase } from "../helpers/database";
import { allowDestinationHosts } from "../helpers/destination-hosts";

/**
 * Every server action, called as an anonymous visitor, an analyst and an admin. The
 * session comes from a real signed next-auth cookie; only Next's request context (the
 * cookie jar and cache invalidation, which need a running Next server) is supplied here.
 */
const requestCookies = vi.hoisted(() => ({ value: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    getAll: () => requestCookies.value,
    get: (name: string) => requestCookies.value.find((c) => c.name === name),
  }),
  headers: async () => new Headers(),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

type ActionFn = (...args: unknown[]) => Promise<ActionResult<unknown>>;

function actionModules(dir = path.resolve("lib")): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "generated" ? [] : actionModules(full);
    return path.basename(dir) === "actions" && entry.endsWith(".ts") ? [full] : [];
  });
}

async function allActions(): Promise<{ name: string; fn: ActionFn }[]> {
  const found: { name: string; fn: ActionFn }[] = [];
  for (const file of actionModules()) {
    const exports = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports))
      if (typeof value === "function") found.push({ name, fn: value as ActionFn });
  }
  return found;
}

type Fixtures = {
  user: Actor;
  source: { id: string };
  auditLogId: string;
  freshSource: () => Promise<{ id: string; name: string }>;
  destinationId: string;
  freshDestination: () => Promise<string>;
  freshAlert: (status: "open" | "resolved") => Promise<string>;
};

/**
 * Valid input for each action, so that an admin's call gets past validation and the
 * role check is what decides. An action without an entry here fails the first test.
 */
async function sampleInput(name: string, fx: Fixtures, forAdmin: boolean): Promise<unknown> {
  const fresh = () => `Role check ${Math.random().toString(36).slice(2, 10)}`;
  switch (name) {
    case "createFirstAdminAction":
      return { name: "M", email: "m@example.com", password: "m password 1234", confirmPassword: "m password 1234" };
    case "createUserAction":
      return { name: "Eve", email: `eve-${Math.random()}@example.com`, role: "ANALYST", password: "eve password 12" };
    case "changeUserRoleAction":
      return { userId: fx.user.id, role: "ANALYST" };
    case "setUserDisabledAction":
      return { userId: fx.user.id, disabled: false };
    case "reprocessFailuresAction":
    case "requestPullAction":
    case "recheckCredentialsAction":
      return { sourceId: fx.source.id };
    case "setSourcePausedAction":
      return { sourceId: fx.source.id, paused: false };
    case "checkSourceNameAction":
      return { name: fresh() };
    case "detectRegionAction":
      return { apiKey: DEMO_US3_ADMIN_KEY };
    case "checkApiKeyAction":
    case "findAuditLogsAction":
      return { region: "us3", apiKey: DEMO_US3_ADMIN_KEY };
    case "previewAuditLogsAction":
      return { name: fresh(), region: "us3", apiKey: DEMO_US3_ADMIN_KEY, auditLogIds: [fx.auditLogId] };
    case "createSourceAction":
      return { name: fresh(), region: "us3", apiKey: DEMO_US3_ADMIN_KEY };
    case "replaceApiKeyAction":
      return { sourceId: fx.source.id, region: "us3", apiKey: DEMO_US3_ADMIN_KEY };
    case "updateSourceSettingsAction":
      return {
        sourceId: fx.source.id,
        name: fresh(),
        pullIntervalMinutes: 5,
        retentionDays: 30,
        noEventsAlertEnabled: true,
        noEventsThresholdMinutes: 60,
        detectionPacks: [],
        auditLogIds: [fx.auditLogId],
      };
    case "updateVolumeSettingsAction":
      return {
        sourceId: fx.source.id,
        lowVolumeAlertEnabled: false,
        lowVolumeWarnPercent: 50,
        lowVolumeErrorPercent: 20,
      };
    case "addMaintenanceWindowAction":
      return { sourceId: fx.source.id, reason: "Role check", startsInHours: 0, durationHours: 1 };
    case "endMaintenanceWindowAction": {
      const window = await addMaintenanceWindow(fx.user, {
        sourceId: fx.source.id,
        reason: "Role check",
        startsInHours: 0,
        durationHours: 1,
      });
      return { sourceId: fx.source.id, windowId: window.id };
    }
    case "createApiTokenAction":
      return { name: `Role check token ${Math.random().toString(36).slice(2, 8)}`, expiresIn: "30" };
    case "revokeApiTokenAction": {
      // A token of a third person: analysts may not revoke it, admins may.
      const { summary } = await createApiToken(fx.user, { name: "role check", expiresIn: "never" });
      return { tokenId: summary.id };
    }
    case "createDestinationAction":
      return { name: fresh(), type: "webhook", url: LOCAL_HOOK, enabled: false };
    case "updateDestinationAction":
      return { destinationId: fx.destinationId, name: fresh(), enabled: false };
    case "deleteDestinationAction":
      return { destinationId: forAdmin ? await fx.freshDestination() : fx.destinationId };
    case "sendTestDeliveryAction":
      return { destinationId: fx.destinationId };
    case "resolveAlertAction":
      return { alertId: await fx.freshAlert("open"), note: "Handled." };
    case "reopenAlertAction":
      return { alertId: await fx.freshAlert("resolved") };
    case "verifyAuditChainStepAction":
      return {};
    case "resetUserPasswordAction":
    case "unlockUserAction":
      return { userId: fx.user.id };
    case "changeOwnPasswordAction":
      // Right for every user createActor makes; each person changes it once in these tests.
      return {
        currentPassword: "a long enough password",
        newPassword: "amber kettle 52 orchards",
        confirmPassword: "amber kettle 52 orchards",
      };
    case "setTimeZoneAction":
      return { timeZone: "Europe/Berlin" };
    case "deleteSourceAction": {
      // Only the admin's call may succeed, so only it gets a source of its own to delete.
      const target = forAdmin ? await fx.freshSource() : { id: fx.source.id, name: "anything" };
      return { sourceId: target.id, confirmName: target.name, keepEvents: true };
    }
    default:
      return undefined;
  }
}

/** Actions anyone may call (they guard themselves another way). */
const PUBLIC_ACTIONS = new Set(["createFirstAdminAction"]);
/** Actions every signed-in person may use on their own behalf. */
const SELF_SERVICE_ACTIONS = new Set(["createApiTokenAction", "changeOwnPasswordAction", "setTimeZoneAction"]);

/** What an action could change: every row of these tables, digested per table (events are written only by pulls). */
const GUARDED_TABLES = [
  "users",
  "log_sources",
  "source_states",
  "classification_failures",
  "alerts",
  "alert_activities",
  "alert_destinations",
  "alert_deliveries",
  "api_tokens",
  "audit_log_entries",
] as const;

async function stateOfEverything(): Promise<Record<string, string | null>> {
  const { db } = await import("@/lib/db");
  const digests = await Promise.all(
    GUARDED_TABLES.map(async (table) => {
      const [row] = await db.$queryRawUnsafe<{ digest: string | null }[]>(
        `SELECT md5(string_agg(to_jsonb(t)::text, ',' ORDER BY to_jsonb(t)::text)) AS digest FROM ${table} t`,
      );
      return [table, row?.digest ?? null] as const;
    }),
  );
  return Object.fromEntries(digests);
}

/** A session as sign-in issues it: with the user's current session version (a password change bumps it). */
async function signInAs(userId: string | null) {
  const { db } = await import("@/lib/db");
  const sv = userId
    ? (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } })).sessionVersion
    : 0;
  requestCookies.value = userId
    ? [
        {
          name: "next-auth.session-token",
          value: await encode({ token: { sub: userId, sv }, secret: secrets().authSecret }),
        },
      ]
    : [];
}

let simulator: Rapid7Simulator;
let fixtureAdmin: Actor;

beforeAll(async () => {
  allowDestinationHosts(["127.0.0.1"]);
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 1 });
  fixtureAdmin = await createActor("ADMIN");
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

/** A receiver address on this machine that nothing listens on: a notification can never leave it. */
const LOCAL_HOOK = "http://127.0.0.1:9/roles";

async function destination(): Promise<string> {
  return (
    await createDestination(fixtureAdmin, {
      name: `Role hook ${Math.random()}`,
      type: "webhook",
      url: LOCAL_HOOK,
      enabled: false,
    })
  ).id;
}

async function fixtures(): Promise<Fixtures> {
  const source = await createTestSource(fixtureAdmin);
  return {
    destinationId: await destination(),
    freshDestination: destination,
    freshAlert: async (status) => {
      const dedupKey = `roles:${crypto.randomUUID()}`;
      const { alertId } = await raiseAlert({ kind: "detection", severity: "low", dedupKey, title: "Role check alert" });
      if (status === "resolved") await resolveAlertByKey(dedupKey, "Set up for the role check.");
      return alertId;
    },
    user: await createActor("ANALYST"),
    source,
    auditLogId: parseStoredAuditLogs(source.auditLogs)[0]!.id,
    freshSource: () => createTestSource(fixtureAdmin),
  };
}

describe("server action role checks", () => {
  it("finds every action and has a sample input for each", async () => {
    const actions = await allActions();
    expect(actions.length).toBeGreaterThanOrEqual(4);
    const fx = await fixtures();
    const missing: string[] = [];
    for (const action of actions)
      if ((await sampleInput(action.name, fx, false)) === undefined) missing.push(action.name);
    expect(missing).toEqual([]);
  });

  it("refuses anonymous callers and analysts, and lets admins through; a refused call changes nothing", async () => {
    const admin = await createActor("ADMIN");
    const analyst = await createActor("ANALYST");
    const fx = await fixtures();
    for (const { name, fn } of await allActions()) {
      const anonymousInput = await sampleInput(name, fx, false);
      const analystInput = await sampleInput(name, fx, false);
      /** Calls the action as `userId`; when the call must be refused, nothing in the database may change. */
      const callAs = async (userId: string | null, input: unknown, refused: boolean) => {
        await signInAs(userId);
        const before = refused ? await stateOfEverything() : null;
        const result = await fn(input);
        if (before)
          expect(await stateOfEverything(), `${name} as ${userId ?? "anonymous"} changed nothing`).toEqual(before);
        return result;
      };
      const isPublic = PUBLIC_ACTIONS.has(name);
      const selfService = SELF_SERVICE_ACTIONS.has(name);
      const anonymous = await callAs(null, anonymousInput, true);
      const asAnalyst = await callAs(analyst.id, analystInput, !selfService);
      const asAdmin = await callAs(admin.id, await sampleInput(name, fx, true), isPublic);

      if (isPublic) {
        // Users exist, so the first-admin action refuses everyone alike.
        for (const result of [anonymous, asAnalyst, asAdmin])
          expect(result, name).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
        continue;
      }
      expect(anonymous, `${name} anonymous`).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
      if (selfService) {
        expect(asAnalyst, `${name} analyst`).toMatchObject({ ok: true });
        expect(asAdmin, `${name} admin`).toMatchObject({ ok: true });
        continue;
      }
      expect(asAnalyst, `${name} analyst`).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
      expect(asAdmin, `${name} admin`).toMatchObject({ ok: true });
    }
  });

  it("treats a session of a disabled user as no session", async () => {
    const admin = await createActor("ADMIN");
    const { db } = await import("@/lib/db");
    await db.user.update({ where: { id: admin.id }, data: { disabledAt: new Date() } });
    await signInAs(admin.id);
    const createUser = (await allActions()).find((a) => a.name === "createUserAction")!;
    expect(await createUser.fn(await sampleInput("createUserAction", await fixtures(), true))).toMatchObject({
      ok: false,
      error: { code: "UNAUTHENTICATED" },
    });
  });

  it("treats a session issued before a sign-out, role change or password change as no session", async () => {
    const admin = await createActor("ADMIN");
    await signInAs(admin.id);
    const { db } = await import("@/lib/db");
    await db.user.update({ where: { id: admin.id }, data: { sessionVersion: { increment: 1 } } });
    const createUser = (await allActions()).find((a) => a.name === "createUserAction")!;
    expect(await createUser.fn(await sampleInput("createUserAction", await fixtures(), true))).toMatchObject({
      ok: false,
      error: { code: "UNAUTHENTICATED" },
    });
  });
});
