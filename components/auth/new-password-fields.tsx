import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PASSWORD_RULES_HINT } from "@/lib/auth/schemas";

/** "New password" with the rules as its hint, and "Confirm new password": for every form that sets a password of one's own. */
export function NewPasswordFields({
  newPassword,
  confirmPassword,
  errors,
  autoFocus = false,
}: {
  newPassword: UseFormRegisterReturn;
  confirmPassword: UseFormRegisterReturn;
  errors: { newPassword?: string; confirmPassword?: string };
  autoFocus?: boolean;
}) {
  return (
    <>
      <Field
        id="newPassword"
        label="New password"
        hint={PASSWORD_RULES_HINT}
        error={errors.newPassword}
        reserveLines={2}
      >
        <Input
          id="newPassword"
          type="password"
          autoComplete="new-password"
          autoFocus={autoFocus}
          {...describedBy("newPassword", errors.newPassword, true)}
          {...newPassword}
        />
      </Field>
      <Field id="confirmPassword" label="Confirm new password" error={errors.confirmPassword}>
        <Input
          id="confirmPassword"
          type="password"
          autoComplete="new-password"
          {...describedBy("confirmPassword", errors.confirmPassword)}
          {...confirmPassword}
        />
      </Field>
    </>
  );
}
