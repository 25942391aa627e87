import { z } from "zod";
import {
  emailSchema,
  newPasswordFields,
  notFromEmail,
  passwordSchema,
  passwordsMatch,
  PASSWORDS_MISMATCH,
} from "@/lib/auth/schemas";
import { hasControlCharacters } from "@/lib/text/control-characters";
import { isTimeZone } from "@/lib/text/time-zones";

/** Shared by the user administration forms (react-hook-form) and the server actions that receive them. */
const personNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.")
  .refine((value) => !hasControlCharacters(value), "Use letters, digits, spaces and punctuation only.");

const roleSchema = z.enum(["ADMIN", "ANALYST"], { message: "Choose Admin or Analyst." });

/** Settings > Account: the current password proves it is really you. The email is the signed-in person's own. */
export function changeOwnPasswordSchema(email: string) {
  return z
    .object({ currentPassword: z.string().min(1, "Enter your current password."), ...newPasswordFields })
    .refine(passwordsMatch, PASSWORDS_MISMATCH)
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

/** Settings > Account: the zone every time in the console is shown in, for this person. */
export const setTimeZoneSchema = z.object({
  timeZone: z.string().trim().refine(isTimeZone, "Choose a time zone from the list, e.g. Europe/Berlin or UTC."),
});
