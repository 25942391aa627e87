import { z } from "zod";
import { passwordProblem } from "@/lib/auth/password-policy";

/** Shared by the forms (react-hook-form) and the server actions that receive them. */
export const PASSWORD_MIN_LENGTH = 12;
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
function notFromEmail(password: string, email: string | undefined, context: z.RefinementCtx, path: string): void {
  const problem = passwordProblem(password, email);
  if (problem) context.addIssue({ code: "custom", path: [path], message: problem });
}

export const personNameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");

export const roleSchema = z.enum(["ADMIN", "ANALYST"], { message: "Choose Admin or Analyst." });

/** What sign-in answers a temporary password with; the sign-in form then asks for a new one. */
export const PASSWORD_CHANGE_REQUIRED_MESSAGE =
  "Your password was reset by an admin. Choose a new password to sign in.";

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password."),
});
export type SignInInput = z.infer<typeof signInSchema>;

const newPasswordFields = { newPassword: passwordSchema, confirmPassword: z.string() };
const passwordsMatch = (value: { newPassword: string; confirmPassword: string }) =>
  value.newPassword === value.confirmPassword;
const MISMATCH = { path: ["confirmPassword"], message: "The passwords do not match." };

/**
 * Signing in with the temporary password an admin's reset gave: the sign-in form asks for
 * a new password and sends all of it at once; the session starts once the new one is set.
 */
export const signInWithNewPasswordSchema = signInSchema
  .extend(newPasswordFields)
  .refine(passwordsMatch, MISMATCH)
  .refine((value) => value.newPassword !== value.password, {
    path: ["newPassword"],
    message: "Choose a password different from the temporary one.",
  })
  .superRefine((value, context) => notFromEmail(value.newPassword, value.email, context, "newPassword"));
export type SignInWithNewPasswordInput = z.infer<typeof signInWithNewPasswordSchema>;

/** Settings > Account: the current password proves it is really you. The email is the signed-in person's own. */
export function changeOwnPasswordSchema(email: string) {
  return z
    .object({ currentPassword: z.string().min(1, "Enter your current password."), ...newPasswordFields })
    .refine(passwordsMatch, MISMATCH)
    .refine((value) => value.newPassword !== value.currentPassword, {
      path: ["newPassword"],
      message: "Choose a password different from your current one.",
    })
    .superRefine((value, context) => notFromEmail(value.newPassword, email, context, "newPassword"));
}
export type ChangeOwnPasswordInput = z.input<ReturnType<typeof changeOwnPasswordSchema>>;

export const firstAdminSchema = z
  .object({
    name: personNameSchema,
    email: emailSchema,
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  })
  .superRefine((value, context) => notFromEmail(value.password, value.email, context, "password"));
export type FirstAdminInput = z.infer<typeof firstAdminSchema>;

export const createUserSchema = z
  .object({
    name: personNameSchema,
    email: emailSchema,
    role: roleSchema,
    password: passwordSchema,
  })
  .superRefine((value, context) => notFromEmail(value.password, value.email, context, "password"));
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const changeUserRoleSchema = z.object({
  userId: z.uuid("Unknown user."),
  role: roleSchema,
});
export type ChangeUserRoleInput = z.infer<typeof changeUserRoleSchema>;

export const setUserDisabledSchema = z.object({
  userId: z.uuid("Unknown user."),
  disabled: z.boolean(),
});
export type SetUserDisabledInput = z.infer<typeof setUserDisabledSchema>;

/** An admin's reset (a temporary password, shown once) and unlock (ends the sign-in waits) of one user. */
export const userIdSchema = z.object({ userId: z.uuid("Unknown user.") });
export type UserIdInput = z.infer<typeof userIdSchema>;
