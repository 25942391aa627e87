import { beforeAll, describe, expect, it } from "vitest";
import { takeSignInAttempt } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { actorById, actorForSession, endSessions } from "@/lib/auth/sessions";
import { PasswordChangeRequiredError, SignInError, authenticate } from "@/lib/auth/sign-in";
import { ConflictError, RateLimitedError, ValidationError } from "@/lib/errors";
import { changeOwnPassword, resetUserPassword, unlockUser } from "@/lib/users/passwords";
import {
  changeUserRole,
  createFirstAdmin,
  createUser,
  ensureFirstAdmin,
  hasAnyUser,
  listUsers,
  setUserDisabled,
} from "@/lib/users/service";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";

beforeAll(async () => {
  await useTestDatabase();
});

const admin = {
  name: "First Admin",
  email: "First@Example.com ",
  password: "first admin password",
  confirmPassword: "first admin password",
};

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
    const { actor, sessionVersion } = await authenticate("  Carla@Example.COM ", "carla's password");
    expect(actor).toEqual(user);
    expect(sessionVersion).toBe(0);
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
  // Only admins may change users: the server actions refuse everyone else, and a refused call
  // changes nothing (tests/integration/server-action-roles.test.ts). Anyone signed in may list them.
  it("lists every user, enabled ones first", async () => {
    const other = await createActor("ANALYST");
    expect(await listUsers()).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: other.id, disabled: false })]),
    );
  });

  it("lets an admin add users, reporting a taken email on the field", async () => {
    const boss = await createActor("ADMIN");
    const created = await createUser(boss, {
      name: "New One",
      email: "New@Example.com",
      role: "ANALYST",
      password: "new one password",
    });
    expect(created).toMatchObject({ email: "new@example.com", role: "ANALYST", disabled: false });
    expect(created).not.toHaveProperty("passwordHash");
    await expect(
      createUser(boss, { name: "Again", email: "new@example.com", role: "ANALYST", password: "again password 1" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      fieldErrors: { email: "A user with this email already exists." },
    });
  });

  it("never leaves the console without an active admin", async () => {
    await db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "ANALYST" } });
    const only = await createActor("ADMIN");
    await expect(changeUserRole(only, { userId: only.id, role: "ANALYST" })).rejects.toBeInstanceOf(ValidationError);
    await expect(setUserDisabled(only, { userId: only.id, disabled: true })).rejects.toThrow(
      "You cannot disable your own account",
    );
    const second = await createActor("ADMIN");
    await expect(setUserDisabled(second, { userId: only.id, disabled: true })).resolves.toMatchObject({
      disabled: true,
    });
    await expect(changeUserRole(second, { userId: second.id, role: "ANALYST" })).rejects.toThrow(
      "This is the last active admin",
    );
    await expect(setUserDisabled(second, { userId: only.id, disabled: false })).resolves.toMatchObject({
      disabled: false,
    });
    await expect(changeUserRole(second, { userId: second.id, role: "ANALYST" })).resolves.toMatchObject({
      role: "ANALYST",
    });
  });
});

describe("password policy", () => {
  const add = (admin: Parameters<typeof createUser>[0], email: string, password: string) =>
    createUser(admin, { name: "P", email, role: "ANALYST", password });
  const problemWith = (promise: Promise<unknown>) =>
    promise.then(
      () => "accepted",
      (error: { fieldErrors?: Record<string, string> }) => error.fieldErrors?.password ?? "no field error",
    );

  it("refuses common passwords, also with digits and symbols around them or letters swapped", async () => {
    const admin = await createActor("ADMIN");
    for (const password of [
      "password1234",
      "Password2024!",
      "P@ssw0rd2024!",
      "qwertyqwerty",
      "1q2w3e4r5t6y",
      "iloveyou12345",
      "123456789012",
      "aaaaaaaaaaaa",
      "abcdefghijkl",
    ]) {
      expect(
        await problemWith(add(admin, `common-${password.length}-${Math.random()}@example.com`, password)),
        password,
      ).toMatch(/too common|run or repetition/);
    }
    await expect(add(admin, "fine@example.com", "tangerine orbit 41 quietly")).resolves.toMatchObject({
      email: "fine@example.com",
    });
  });

  it("refuses passwords that contain the email address or its name part", async () => {
    const admin = await createActor("ADMIN");
    expect(await problemWith(add(admin, "margaret.hopper@example.com", "margaret.hopper-2026"))).toMatch(/email/);
    expect(await problemWith(add(admin, "hopper@example.com", "Go HOPPER go 2026"))).toMatch(/email/);
    await expect(add(admin, "margaret.hopper@example.com", "Hopper for the win 7")).resolves.toMatchObject({
      role: "ANALYST",
    });
    await expect(
      createFirstAdmin({
        name: "X",
        email: "grace@example.com",
        password: "grace@example.com!!",
        confirmPassword: "grace@example.com!!",
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { password: expect.stringMatching(/email/) } });
  });
});

describe("sessions end when they should", () => {
  it("a sign-out, a role change and disabling each end every earlier session of the user", async () => {
    const admin = await createActor("ADMIN");
    const person = await createActor("ANALYST", {
      email: "sessions@example.com",
      password: "sessions person's password",
    });
    const signedIn = async () => (await authenticate(person.email, "sessions person's password")).sessionVersion;

    let version = await signedIn();
    expect(await actorForSession(person.id, version)).toEqual(person);
    await endSessions(person.id, version);
    expect(await actorForSession(person.id, version)).toBeNull();

    version = await signedIn();
    await changeUserRole(admin, { userId: person.id, role: "ADMIN" });
    expect(await actorForSession(person.id, version)).toBeNull();

    version = await signedIn();
    await setUserDisabled(admin, { userId: person.id, disabled: true });
    await setUserDisabled(admin, { userId: person.id, disabled: false });
    expect(await actorForSession(person.id, version)).toBeNull();
    expect(await actorForSession(person.id, await signedIn())).toMatchObject({ id: person.id });
  });
});

describe("passwords: change your own, admin reset and unlock", () => {
  it("changing your own password needs the current one and ends your sessions", async () => {
    const person = await createActor("ANALYST", { email: "changer@example.com", password: "changer's old password" });
    const { sessionVersion } = await authenticate(person.email, "changer's old password");
    const change = {
      currentPassword: "not my password at all",
      newPassword: "violet harbour 88 lanterns",
      confirmPassword: "violet harbour 88 lanterns",
    };
    await expect(changeOwnPassword(person, change)).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { currentPassword: "This is not your current password." },
    });
    await expect(
      changeOwnPassword(person, {
        ...change,
        currentPassword: "changer's old password",
        newPassword: "password1234",
        confirmPassword: "password1234",
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await changeOwnPassword(person, { ...change, currentPassword: "changer's old password" });
    expect(await actorForSession(person.id, sessionVersion)).toBeNull();
    await expect(authenticate(person.email, "changer's old password")).rejects.toBeInstanceOf(SignInError);
    await expect(authenticate(person.email, "violet harbour 88 lanterns")).resolves.toMatchObject({
      actor: { id: person.id },
    });
    expect(await db.auditLogEntry.count({ where: { action: "user.password_changed", targetId: person.id } })).toBe(1);
  });

  it("an admin's reset gives a temporary password that signs in only together with a new one", async () => {
    const admin = await createActor("ADMIN");
    const person = await createActor("ANALYST", { email: "forgetful@example.com", password: "forgotten password 1" });
    const { sessionVersion } = await authenticate(person.email, "forgotten password 1");

    const { temporaryPassword } = await resetUserPassword(admin, { userId: person.id });
    expect(temporaryPassword).toMatch(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}$/);
    expect(await actorForSession(person.id, sessionVersion)).toBeNull();
    await expect(authenticate(person.email, "forgotten password 1")).rejects.toBeInstanceOf(SignInError);
    await expect(authenticate(person.email, temporaryPassword)).rejects.toBeInstanceOf(PasswordChangeRequiredError);
    await expect(
      authenticate(person.email, temporaryPassword, undefined, {
        newPassword: "password1234",
        confirmPassword: "password1234",
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    const fresh = "quartz meadow 17 ravens";
    await expect(
      authenticate(person.email, temporaryPassword, undefined, { newPassword: fresh, confirmPassword: fresh }),
    ).resolves.toMatchObject({ actor: { id: person.id } });
    await expect(authenticate(person.email, temporaryPassword)).rejects.toBeInstanceOf(SignInError);
    await expect(authenticate(person.email, fresh)).resolves.toMatchObject({ actor: { id: person.id } });
    expect(
      await db.auditLogEntry.count({
        where: { action: "user.password_reset", targetId: person.id, actorId: admin.id },
      }),
    ).toBe(1);
    expect(
      JSON.stringify(await db.auditLogEntry.findMany({ select: { diff: true, targetLabel: true } })),
    ).not.toContain(temporaryPassword);
  });

  it("an admin's unlock lets a waiting address try again at once", async () => {
    const admin = await createActor("ADMIN");
    const person = await createActor("ANALYST", {
      email: "waiting@example.com",
      password: "waiting person's password",
    });
    for (let i = 0; i < 6; i += 1) await authenticate(person.email, `typo ${i}`, "192.0.2.50").catch(() => undefined);
    await expect(authenticate(person.email, "waiting person's password", "192.0.2.50")).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    expect((await listUsers()).find((user) => user.id === person.id)).toMatchObject({ signInWaiting: true });
    await unlockUser(admin, { userId: person.id });
    expect((await listUsers()).find((user) => user.id === person.id)).toMatchObject({ signInWaiting: false });
    await expect(authenticate(person.email, "waiting person's password", "192.0.2.50")).resolves.toMatchObject({
      actor: { id: person.id },
    });
    expect(await db.auditLogEntry.count({ where: { action: "user.unlocked", targetId: person.id } })).toBe(1);
    await expect(takeSignInAttempt({ email: person.email, address: "192.0.2.50" })).resolves.toBeUndefined();
  });
});
