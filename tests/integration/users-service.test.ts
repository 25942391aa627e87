import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import {
  actorById,
  authenticate,
  changeUserRole,
  createFirstAdmin,
  createUser,
  ensureFirstAdmin,
  hasAnyUser,
  listUsers,
  setUserDisabled,
  SignInError,
} from "@/lib/users/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";

beforeAll(async () => {
  await useTestDatabase();
});

const admin = { name: "First Admin", email: "First@Example.com ", password: "first admin password", confirmPassword: "first admin password" };

describe("first admin", () => {
  it("can be created exactly once, even when several browsers try at the same moment", async () => {
    expect(await hasAnyUser()).toBe(false);
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => createFirstAdmin({ ...admin, email: `first${i}@example.com` })),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const failed of attempts.filter((a) => a.status === "rejected")) {
      expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect(await db.user.count({ where: { role: "ADMIN" } })).toBe(1);
    expect(await ensureFirstAdmin({ email: "env@example.com", password: "env admin password" })).toBe(false);
  });

  it("validates its input with the form's schema", async () => {
    await expect(createFirstAdmin({ ...admin, confirmPassword: "nope" })).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { confirmPassword: "The passwords do not match." },
    });
  });
});

describe("authenticate", () => {
  it("normalizes the email, checks the password and records the sign-in", async () => {
    const user = await createActor("ANALYST", { email: "carla@example.com", password: "carla's password" });
    const actor = await authenticate("  Carla@Example.COM ", "carla's password");
    expect(actor).toEqual(user);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastSignInAt).toBeInstanceOf(Date);
    await expect(authenticate("carla@example.com", "wrong")).rejects.toBeInstanceOf(SignInError);
    await expect(authenticate("nobody@example.com", "whatever")).rejects.toThrow("Incorrect email or password.");
  });

  it("refuses disabled users, who also stop being anyone for existing sessions", async () => {
    const user = await createActor("ANALYST", { email: "dan@example.com", password: "dan's password!" });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await expect(authenticate("dan@example.com", "dan's password!")).rejects.toThrow(/disabled/);
    expect(await actorById(user.id)).toBeNull();
  });
});

describe("user administration", () => {
  it("is refused to analysts for every change", async () => {
    const analyst = await createActor("ANALYST");
    const other = await createActor("ANALYST");
    await expect(createUser(analyst, { name: "X", email: "x@example.com", role: "ADMIN", password: "x password 123" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeUserRole(analyst, { userId: analyst.id, role: "ADMIN" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setUserDisabled(analyst, { userId: other.id, disabled: true })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db.user.findUniqueOrThrow({ where: { id: analyst.id } })).role).toBe("ANALYST");
    expect(await listUsers(analyst)).toEqual(expect.arrayContaining([expect.objectContaining({ id: other.id, disabled: false })]));
  });

  it("lets an admin add users, reporting a taken email on the field", async () => {
    const boss = await createActor("ADMIN");
    const created = await createUser(boss, { name: "New One", email: "New@Example.com", role: "ANALYST", password: "new one password" });
    expect(created).toMatchObject({ email: "new@example.com", role: "ANALYST", disabled: false });
    expect(created).not.toHaveProperty("passwordHash");
    await expect(createUser(boss, { name: "Again", email: "new@example.com", role: "ANALYST", password: "again password 1" })).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: "A user with this email already exists." },
    });
  });

  it("never leaves the console without an active admin", async () => {
    await db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "ANALYST" } });
    const only = await createActor("ADMIN");
    await expect(changeUserRole(only, { userId: only.id, role: "ANALYST" })).rejects.toBeInstanceOf(ValidationError);
    await expect(setUserDisabled(only, { userId: only.id, disabled: true })).rejects.toThrow("You cannot disable your own account");
    const second = await createActor("ADMIN");
    await expect(setUserDisabled(second, { userId: only.id, disabled: true })).resolves.toMatchObject({ disabled: true });
    await expect(changeUserRole(second, { userId: second.id, role: "ANALYST" })).rejects.toThrow("This is the last active admin");
    await expect(setUserDisabled(second, { userId: only.id, disabled: false })).resolves.toMatchObject({ disabled: false });
    await expect(changeUserRole(second, { userId: second.id, role: "ANALYST" })).resolves.toMatchObject({ role: "ANALYST" });
  });
});
