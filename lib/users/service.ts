import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/roles";
import { hashPassword } from "@/lib/auth/password";
import { throttledAccounts } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { ConfigurationError, ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  type ChangeUserRoleInput,
  type CreateUserInput,
  type FirstAdminInput,
  type SetUserDisabledInput,
  changeUserRoleSchema,
  createUserSchema,
  firstAdminSchema,
  setUserDisabledSchema,
} from "@/lib/users/schemas";
import { parseInput } from "@/lib/validation";

export type UserSummary = {
  id: string;
  email: string;
  name: string;
  role: Actor["role"];
  disabled: boolean;
  /** An admin reset the password: the temporary one works only to choose a new one. */
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
};

const summaryFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  mustChangePassword: true,
  lastSignInAt: true,
  createdAt: true,
} as const;

function toSummary(user: {
  id: string;
  email: string;
  name: string;
  role: Actor["role"];
  disabledAt: Date | null;
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}): UserSummary {
  const { disabledAt, ...rest } = user;
  return { ...rest, disabled: disabledAt !== null };
}

export async function hasAnyUser(): Promise<boolean> {
  return (await db.user.count()) > 0;
}

/**
 * Only while no user exists; the advisory lock stops two browsers both becoming the first admin.
 * Audited as `user.created` by the new admin themselves (setup page) or by "environment"
 * (INTAKE_ADMIN_EMAIL at start).
 */
export async function createFirstAdmin(
  raw: FirstAdminInput,
  via: "setup" | "environment" = "setup",
): Promise<UserSummary> {
  const input = parseInput(firstAdminSchema, raw);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('intake:first-admin'))`;
    if ((await tx.user.count()) > 0) {
      throw new ConflictError("This console already has an admin. Sign in, or ask that admin for an account.");
    }
    const user = await tx.user.create({
      data: { name: input.name, email: input.email, passwordHash, role: "ADMIN" },
      select: summaryFields,
    });
    const self: Actor = { id: user.id, email: user.email, name: user.name, role: user.role };
    await recordAudit(
      {
        actor: via === "setup" ? self : { system: "environment" },
        action: "user.created",
        target: userTarget(user),
        after: { ...auditedUser(user), firstAdmin: true },
      },
      tx,
    );
    return toSummary(user);
  });
}

/** Unattended installs: INTAKE_ADMIN_EMAIL / INTAKE_ADMIN_PASSWORD create the first admin at start. */
export async function ensureFirstAdmin(credentials: {
  email: string;
  password: string;
  name?: string;
}): Promise<boolean> {
  if (await hasAnyUser()) return false;
  try {
    await createFirstAdmin(
      {
        name: credentials.name ?? "Administrator",
        email: credentials.email,
        password: credentials.password,
        confirmPassword: credentials.password,
      },
      "environment",
    );
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    if (error instanceof ValidationError) {
      const problems = Object.entries(error.fieldErrors).map(
        ([field, message]) => `${field === "email" ? "INTAKE_ADMIN_EMAIL" : "INTAKE_ADMIN_PASSWORD"}: ${message}`,
      );
      throw new ConfigurationError(
        `The first admin from the environment was refused. ${problems.join(" ") || error.publicMessage}`,
      );
    }
    throw error;
  }
}

export type UserListEntry = UserSummary & { signInWaiting: boolean };

/**
 * Who has access (any signed-in person may see it). `signInWaiting`: some address must wait
 * before trying this account again (an admin can Unlock it).
 */
export async function listUsers(): Promise<UserListEntry[]> {
  const users = await db.user.findMany({
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { email: "asc" }],
    select: summaryFields,
  });
  const waiting = await throttledAccounts();
  return users.map((user) => ({ ...toSummary(user), signInWaiting: waiting.has(user.email) }));
}

export async function createUser(actor: Actor, raw: CreateUserInput): Promise<UserSummary> {
  const input = parseInput(createUserSchema, raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { name: input.name, email: input.email, role: input.role, passwordHash },
        select: summaryFields,
      });
      await recordAudit({ actor, action: "user.created", target: userTarget(user), after: auditedUser(user) }, tx);
      return toSummary(user);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ConflictError("A user with this email already exists.", {
        email: "A user with this email already exists.",
      });
    }
    throw error;
  }
}

export async function changeUserRole(actor: Actor, raw: ChangeUserRoleInput): Promise<UserSummary> {
  const input = parseInput(changeUserRoleSchema, raw);
  return db.$transaction(async (tx) => {
    await lockUserAdministration(tx);
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user) throw new NotFoundError("That user no longer exists.");
    if (user.role === "ADMIN" && input.role !== "ADMIN" && !user.disabledAt) {
      await assertAnotherActiveAdmin(tx, user.id);
    }
    // A new role ends the user's sessions: they sign in again and see what the role allows.
    const changed = user.role !== input.role;
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { role: input.role, ...(changed ? { sessionVersion: { increment: 1 } } : {}) },
      select: summaryFields,
    });
    if (changed) {
      await recordAudit(
        {
          actor,
          action: "user.role_changed",
          target: userTarget(user),
          before: { role: user.role },
          after: { role: updated.role },
        },
        tx,
      );
    }
    return toSummary(updated);
  });
}

export async function setUserDisabled(actor: Actor, raw: SetUserDisabledInput): Promise<UserSummary> {
  const input = parseInput(setUserDisabledSchema, raw);
  if (input.disabled && input.userId === actor.id) {
    throw new ValidationError("You cannot disable your own account. Ask another admin to do it.");
  }
  return db.$transaction(async (tx) => {
    await lockUserAdministration(tx);
    const user = await tx.user.findUnique({ where: { id: input.userId } });
    if (!user) throw new NotFoundError("That user no longer exists.");
    if (input.disabled && user.role === "ADMIN" && !user.disabledAt) await assertAnotherActiveAdmin(tx, user.id);
    const updated = await tx.user.update({
      where: { id: user.id },
      data: {
        disabledAt: input.disabled ? (user.disabledAt ?? new Date()) : null,
        ...(input.disabled && !user.disabledAt ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: summaryFields,
    });
    const wasDisabled = user.disabledAt !== null;
    if (wasDisabled !== input.disabled) {
      await recordAudit(
        {
          actor,
          action: input.disabled ? "user.disabled" : "user.enabled",
          target: userTarget(user),
          before: { disabled: wasDisabled },
          after: { disabled: input.disabled },
        },
        tx,
      );
    }
    return toSummary(updated);
  });
}

type Tx = Prisma.TransactionClient;

/** What the audit trail says about a user: never the password hash. */
function userTarget(user: { id: string; email: string }) {
  return { type: "user", id: user.id, label: user.email };
}

function auditedUser(user: { email: string; name: string; role: Actor["role"] }): Record<string, unknown> {
  return { email: user.email, name: user.name, role: user.role };
}

/** Serializes role and disable changes so two admins cannot demote each other at once and leave none. */
async function lockUserAdministration(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('intake:user-administration'))`;
}

async function assertAnotherActiveAdmin(tx: Tx, exceptUserId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: exceptUserId } } });
  if (others === 0) {
    throw new ValidationError(
      "This is the last active admin. Make someone else an admin first, so the console keeps one.",
    );
  }
}
