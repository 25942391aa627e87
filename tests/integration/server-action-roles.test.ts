import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/action-result";
import { secrets } from "@/lib/config/secrets";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";

/**
 * Every server action, called as an anonymous visitor, an analyst and an admin. The
 * session comes from a real signed next-auth cookie; only Next's request context (the
 * cookie jar and cache invalidation, which need a running Next server) is supplied here.
 */
const requestCookies = vi.hoisted(() => ({ value: [] as { name: string; value: string }[] }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ getAll: () => requestCookies.value, get: (name: string) => requestCookies.value.find((c) => c.name === name) }),
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
    const module = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) if (typeof value === "function") found.push({ name, fn: value as ActionFn });
  }
  return found;
}

/** Valid input for each action, so that an admin's call gets past validation and the role check is what decides. */
function sampleInput(name: string, target: { id: string }): unknown {
  switch (name) {
    case "createFirstAdminAction":
      return { name: "M", email: "m@example.com", password: "m password 1234", confirmPassword: "m password 1234" };
    case "createUserAction":
      return { name: "Eve", email: `eve-${Math.random()}@example.com`, role: "ANALYST", password: "eve password 12" };
    case "changeUserRoleAction":
      return { userId: target.id, role: "ANALYST" };
    case "setUserDisabledAction":
      return { userId: target.id, disabled: false };
    case "reprocessFailuresAction":
      return { sourceId: target.id };
    default:
      return undefined;
  }
}

/** Actions anyone may call (they guard themselves another way). */
const PUBLIC_ACTIONS = new Set(["createFirstAdminAction"]);

async function signInAs(userId: string | null) {
  requestCookies.value = userId
    ? [{ name: "next-auth.session-token", value: await encode({ token: { sub: userId }, secret: secrets().authSecret }) }]
    : [];
}

beforeAll(async () => {
  await useTestDatabase();
});

describe("server action role checks", () => {
  it("finds every action and has a sample input for each", async () => {
    const actions = await allActions();
    expect(actions.length).toBeGreaterThanOrEqual(4);
    const target = { id: crypto.randomUUID() };
    expect(actions.filter((a) => sampleInput(a.name, target) === undefined).map((a) => a.name)).toEqual([]);
  });

  it("refuses anonymous callers and analysts, and lets admins through", async () => {
    const admin = await createActor("ADMIN");
    const analyst = await createActor("ANALYST");
    const target = await createActor("ANALYST");
    for (const { name, fn } of await allActions()) {
      await signInAs(null);
      const anonymous = await fn(sampleInput(name, target));
      await signInAs(analyst.id);
      const asAnalyst = await fn(sampleInput(name, target));
      await signInAs(admin.id);
      const asAdmin = await fn(sampleInput(name, target));

      if (PUBLIC_ACTIONS.has(name)) {
        // Users exist, so the first-admin action refuses everyone alike.
        for (const result of [anonymous, asAnalyst, asAdmin]) expect(result, name).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
        continue;
      }
      expect(anonymous, `${name} anonymous`).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
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
    expect(await createUser.fn(sampleInput("createUserAction", admin))).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
  });
});
