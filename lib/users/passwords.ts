import { randomInt } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/roles";
import { clearSignInThrottle, signInSucceeded, takeSignInAttempt } from "@/lib/auth/throttle";
import { db } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/errors";
import {
  type ChangeOwnPasswordInput,
  type UserIdInput,
  changeOwnPasswordSchema,
  userIdSchema,
} from "@/lib/users/schemas";
import { parseInput } from "@/lib/validation";

const userTarget = (user: { id: string; email: string }) => ({ type: "user", id: user.id, label: user.email });

/**
 * Settings > Account: change your own password. The current password is checked under the
 * sign-in throttle (so a session left open cannot be used to guess it), and the change ends
 * every session of yours, this one included: the form signs in again with the new password.
 */
export async function changeOwnPassword(
  actor: Actor,
  raw: ChangeOwnPasswordInput,
  clientAddress?: string,
): Promise<void> {
  const input = parseInput(changeOwnPasswordSchema(actor.email), raw);
  const attempt = { email: actor.email, address: clientAddress };
  await takeSignInAttempt(attempt);
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!user) throw new NotFoundError("Your account no longer exists.");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationError("Your current password is not right.", {
      currentPassword: "This is not your current password.",
    });
  }
  await signInSucceeded(attempt);
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.id },
      data: { passwordHash, mustChangePassword: false, sessionVersion: { increment: 1 } },
    });
    await recordAudit(
      {
        actor,
        action: "user.password_changed",
        target: userTarget(actor),
        after: { sessionsEnded: true },
        clientIp: clientAddress ?? null,
      },
      tx,
    );
  });
}

/**
 * An admin's password reset: a random temporary password, returned once for the admin to
 * hand over (it is never stored in clear or shown again). It ends the user's sessions and
 * any sign-in waits, and it signs in only together with a new password of the user's
 * choosing (see authenticate). Audited as `user.password_reset`.
 */
export async function resetUserPassword(
  actor: Actor,
  raw: UserIdInput,
): Promise<{ email: string; temporaryPassword: string }> {
  const { userId } = parseInput(userIdSchema, raw);
  const temporaryPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const user = await db.$transaction(async (tx) => {
    const found = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
    if (!found) throw new NotFoundError("That user no longer exists.");
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, mustChangePassword: true, sessionVersion: { increment: 1 } },
    });
    await recordAudit(
      {
        actor,
        action: "user.password_reset",
        target: userTarget(found),
        after: { changeRequiredAtSignIn: true, sessionsEnded: true },
      },
      tx,
    );
    return found;
  });
  await clearSignInThrottle(user.email);
  return { email: user.email, temporaryPassword };
}

/** An admin's unlock: every address waiting to sign in to this account may try again at once. Audited as `user.unlocked`. */
export async function unlockUser(actor: Actor, raw: UserIdInput): Promise<{ email: string }> {
  const { userId } = parseInput(userIdSchema, raw);
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) throw new NotFoundError("That user no longer exists.");
  const cleared = await clearSignInThrottle(user.email);
  await recordAudit({ actor, action: "user.unlocked", target: userTarget(user), after: { clearedCounters: cleared } });
  return { email: user.email };
}

// No 0/O or 1/l/I, so it can be read out or typed from a screen without mistakes.
const TEMPORARY_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** 20 characters from 56 (about 116 bits), in groups of 5: xxxxx-xxxxx-xxxxx-xxxxx. */
function generateTemporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join(""),
  );
  return groups.join("-");
}
