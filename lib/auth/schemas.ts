import { z } from "zod";
import { passwordProblem } from "./password-policy";

/**
 * What signing in and choosing a password accept, shared by the forms (react-hook-form) and
 * the server. User administration builds its forms from these (lib/users/schemas.ts).
 */
const PASSWORD_MIN_LENGTH = 12;
/** What the forms tell people about a new password (the rules are lib/auth/password-policy.ts). */
export const PASSWORD_RULES_HINT = `At least ${PASSWORD_MIN_LENGTH} characters, not a common password, and nothing from the email address.`;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter an email address.")
  .max(254, "Use an email address of at most 254 characters.")
  .pipe(z.email("Enter a valid email address, like alex@example.com."));

/** A new password: long enough, and not common or predictable (lib/auth/password-policy.ts). */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(256, "Use at most 256 characters.")
  .superRefine((password, context) => {
    const problem = passwordProblem(password);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/** Refuses a new password (at `path`) that contains the account's email. */
export function notFromEmail(
  password: string,
  email: string | undefined,
  context: z.RefinementCtx,
  path: string,
): void {
  const problem = passwordProblem(password, email);
  if (problem) context.addIssue({ code: "custom", path: [path], message: problem });
}

/** What sign-in answers a temporary password with; the sign-in form then asks for a new one. */
export const PASSWORD_CHANGE_REQUIRED_MESSAGE =
  "Your password was reset by an admin. Choose a new password to sign in.";

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password."),
});

export const newPasswordFields = { newPassword: passwordSchema, confirmPassword: z.string() };
export const passwordsMatch = (value: { newPassword: string; confirmPassword: string }) =>
  value.newPassword === value.confirmPassword;
export const PASSWORDS_MISMATCH = { path: ["confirmPassword"], message: "The passwords do not match." };

/**
 * Signing in with the temporary password an admin's reset gave: the sign-in form asks for
 * a new password and sends all of it at once; the session starts once the new one is set.
 */
export const signInWithNewPasswordSchema = signInSchema
  .extend(newPasswordFields)
  .refine(passwordsMatch, PASSWORDS_MISMATCH)
  .refine((value) => value.newPassword !== value.password, {
    path: ["newPassword"],
    message: "Choose a password different from the temporary one.",
  })
  .superRefine((value, context) => notFromEmail(value.newPassword, value.email, context, "newPassword"));
