import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/action-result";
import { raiseAlert } from "@/lib/alerts/service";
import { createSourceAction } from "@/lib/sources/actions/create-source";
import { checkSourceNameAction } from "@/lib/sources/actions/check-source-name";
import { detectRegionAction } from "@/lib/sources/actions/detect-region";
import { checkApiKeyAction } from "@/lib/sources/actions/check-api-key";
import { addMaintenanceWindowAction } from "@/lib/sources/actions/maintenance-windows";
import { createDestinationAction } from "@/lib/destinations/actions/create-destination";
import { createUserAction } from "@/lib/users/actions/create-user";
import { createApiTokenAction } from "@/lib/api-tokens/actions/create-api-token";
import { resolveAlertAction } from "@/lib/alerts/actions/resolve-alert";
import { secrets } from "@/lib/config/secrets";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { searchEvents } from "@/lib/events/search";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { DEMO_US3_ADMIN_KEY, type Rapid7Simulator } from "@/simulator/rapid7";
import { HOSTILE_INPUT_CASES, type InputAction } from "../fixtures/hostile/inputs";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { useSimulator } from "../helpers/simulator";
import { createTestSource } from "../helpers/sources";

/**
 * The hostile input corpus through the real validation layer: each case goes to the server
 * action that receives it (as a signed-in admin, with a real session cookie) or, for URL
 * parameters, to Search itself. Every case is refused with an error naming the field, and
 * nothing stored changes.
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

type Action = (input: unknown) => Promise<ActionResult<unknown>>;
const ACTIONS: Record<Exclude<InputAction, "searchParams">, Action> = {
  createSourceAction: createSourceAction as Action,
  checkSourceNameAction: checkSourceNameAction as Action,
  detectRegionAction: detectRegionAction as Action,
  checkApiKeyAction: checkApiKeyAction as Action,
  createDestinationAction: createDestinationAction as Action,
  createUserAction: createUserAction as Action,
  createApiTokenAction: createApiTokenAction as Action,
  addMaintenanceWindowAction: addMaintenanceWindowAction as Action,
  resolveAlertAction: resolveAlertAction as Action,
};

/** Every table a form or the API writes, digested. */
const TABLES = [
  "users",
  "log_sources",
  "source_states",
  "source_maintenance_windows",
  "alerts",
  "alert_activities",
  "alert_destinations",
  "api_tokens",
  "audit_log_entries",
] as const;

async function stateOfEverything(): Promise<Record<string, string | null>> {
  const digests = await Promise.all(
    TABLES.map(async (table) => {
      const [row] = await db.$queryRawUnsafe<{ digest: string | null }[]>(
        `SELECT md5(string_agg(to_jsonb(t)::text, ',' ORDER BY to_jsonb(t)::text)) AS digest FROM ${table} t`,
      );
      return [table, row?.digest ?? null] as const;
    }),
  );
  return Object.fromEntries(digests);
}

let simulator: Rapid7Simulator;
let samples: Record<InputAction, Record<string, unknown>>;

beforeAll(async () => {
  await useTestDatabase();
  simulator = await useSimulator({ seedDays: 0 });
  const admin = await createActor("ADMIN");
  const source = await createTestSource(admin);
  const { alertId } = await raiseAlert({
    kind: "detection",
    severity: "low",
    dedupKey: "hostile-input",
    title: "Hostile input alert",
  });
  requestCookies.value = [
    {
      name: "next-auth.session-token",
      value: await encode({ token: { sub: admin.id, sv: 0 }, secret: secrets().authSecret }),
    },
  ];
  const fresh = () => `Hostile ${Math.random().toString(36).slice(2, 10)}`;
  samples = {
    createSourceAction: { name: fresh(), region: "us3", apiKey: DEMO_US3_ADMIN_KEY },
    checkSourceNameAction: { name: fresh() },
    detectRegionAction: { apiKey: DEMO_US3_ADMIN_KEY },
    checkApiKeyAction: { region: "us3", apiKey: DEMO_US3_ADMIN_KEY },
    createDestinationAction: {
      name: fresh(),
      type: "webhook",
      url: "https://hooks.example.com/intake",
      enabled: false,
    },
    createUserAction: { name: "Eve", email: "eve@example.com", role: "ANALYST", password: "eve password 12" },
    createApiTokenAction: { name: fresh(), expiresIn: "30" },
    addMaintenanceWindowAction: { sourceId: source.id, reason: "Upgrade", startsInHours: 0, durationHours: 1 },
    resolveAlertAction: { alertId, note: "Handled." },
    searchParams: { range: "24h" },
  };
});
afterAll(async () => {
  await stopQueueSender();
  await simulator.close();
});

/** The field errors a case's refusal carries (the case fails when it was accepted). */
async function refusal(action: InputAction, input: Record<string, unknown>): Promise<Record<string, string>> {
  if (action === "searchParams") {
    try {
      await searchEvents(input as Record<string, string>);
    } catch (error) {
      if (isAppError(error) && error.code === "VALIDATION") return { ...error.fieldErrors };
      throw error;
    }
    return {};
  }
  const result = await ACTIONS[action](input);
  expect(result.ok ? "accepted" : result.error.code).toBe("VALIDATION");
  return result.ok ? {} : result.error.fieldErrors;
}

describe("hostile form and API input", () => {
  it("the corpus holds at least 50 cases with unique names", () => {
    expect(HOSTILE_INPUT_CASES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(HOSTILE_INPUT_CASES.map((c) => c.name)).size).toBe(HOSTILE_INPUT_CASES.length);
  });

  it("the valid sample inputs are accepted (so a refusal below is the hostile field's doing)", async () => {
    expect(await checkSourceNameAction(samples.checkSourceNameAction as never)).toMatchObject({ ok: true });
    await expect(searchEvents(samples.searchParams as Record<string, string>)).resolves.toBeDefined();
  });

  it.each(HOSTILE_INPUT_CASES.map((c) => [c.name, c] as const))(
    "%s: refused with an error naming the field; nothing stored changes",
    async (_name, hostile) => {
      const before = await stateOfEverything();
      const fieldErrors = await refusal(hostile.action, { ...samples[hostile.action], ...hostile.input });
      // A list's entry is named by its position ("source.0").
      const named = Object.keys(fieldErrors).filter(
        (key) => key === hostile.field || key.startsWith(`${hostile.field}.`),
      );
      expect(named, JSON.stringify(fieldErrors)).not.toEqual([]);
      expect(fieldErrors[named[0]!]!.length).toBeGreaterThan(0);
      expect(await stateOfEverything()).toEqual(before);
    },
  );
});
