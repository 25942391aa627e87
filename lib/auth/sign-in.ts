import { recordAudit } from "@/lib/audit/record";
import { type SignInFailureReason, recordSignInFailure } from "@/lib/audit/sign-in-failures";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password";
import type { Actor } from "./roles";
import { PASSWORD_CHANGE_REQUIRED_MESSAGE, signInWithNewPasswordSchema } from "./schemas";
import { SignInThrottledError, signInFailed, signInSucceeded, takeSignInAttempt } from "./throttle";

export class SignInError extends AppError {
  constructor(message = "Incorrect email or password.") {
    super("UNAUTHENTICATED", message);
  }
}

/** The password was right, but it is a temporary one from an admin's reset: the person must choose a new one first. */
export class PasswordChangeRequiredError extends AppError {
  constructor() {
    super("UNAUTHENTICATED", PASSWORD_CHANGE_REQUIRED_MESSAGE);
  }
}

/** Who signed in, and the session version their session token must carry (lib/auth/sessions.ts). */
export type SignedIn = { actor: Actor; sessionVersion: number };

/**
 * Checks an email and password. The attempt is counted by the sign-in throttle before the
 * password is checked (lib/auth/throttle.ts). A success is audited as `auth.sign_in` by the
 * user; failures (unknown account, wrong password, disabled account, throttled) as
 * `auth.sign_in_failed` by "anonymous", aggregated per address and account
 * (lib/audit/sign-in-failures.ts). A temporary password from an admin's reset signs in only
 * together with a new password (`newPassword`, `confirmPassword`), which replaces it.
 */
export async function authenticate(
  emailInput: string,
  password: string,
  clientAddress?: string,
  change: { newPassword?: string; confirmPassword?: string } = {},
): Promise<SignedIn> {
  const email = emailInput.trim().toLowerCase();
  const attempt = { email, address: clientAddress };
  const failed = (reason: SignInFailureReason, userId: string | null = null, anyAccount = false) =>
    recordSignInFailure({ email, userId, reason, clientIp: clientAddress, anyAccount });
  try {
    await takeSignInAttempt(attempt);
  } catch (error) {
    // Refused for the address as a whole: tallied per address, so spraying many accounts is still one entry.
    if (error instanceof SignInThrottledError) await failed("throttled", null, error.scope === "address");
    throw error;
  }
  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  if (!user || !valid) {
    await signInFailed(attempt);
    await failed(user ? "wrong_password" : "unknown_account", user?.id ?? null);
    throw new SignInError();
  }
  await signInSucceeded(attempt);
  if (user.disabledAt) {
    await failed("account_disabled", user.id);
    throw new SignInError("This account is disabled. Ask an admin of this console to enable it.");
  }
  let newPasswordHash: string | undefined;
  if (user.mustChangePassword) {
    if (change.newPassword === undefined) throw new PasswordChangeRequiredError();
    const input = parseInput(signInWithNewPasswordSchema, {
      email,
      password,
      newPassword: change.newPassword,
      confirmPassword: change.confirmPassword ?? "",
    });
    newPasswordHash = await hashPassword(input.newPassword);
  }
  const actor: Actor = { id: user.id, email: user.email, name: user.name, role: user.role };
  const target = { type: "user", id: user.id, label: user.email };
  return db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: user.id },
      data: {
        lastSignInAt: new Date(),
        ...(newPasswordHash
          ? { passwordHash: newPasswordHash, mustChangePassword: false, sessionVersion: { increment: 1 } }
          : {}),
      },
      select: { sessionVersion: true },
    });
    if (newPasswordHash) {
      await recordAudit(
        {
          actor,
          action: "user.password_changed",
          target,
          after: { replacedTemporary: true, sessionsEnded: true },
          clientIp: clientAddress ?? null,
        },
        tx,
      );
    }
    await recordAudit({ actor, action: "auth.sign_in", target, clientIp: clientAddress ?? null }, tx);
    return { actor, sessionVersion: updated.sessionVersion };
  });
}
