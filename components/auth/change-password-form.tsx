"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { changeOwnPasswordAction } from "@/lib/users/actions/change-own-password";
import { changeOwnPasswordSchema } from "@/lib/users/schemas";
import { NewPasswordFields } from "./new-password-fields";

type Schema = ReturnType<typeof changeOwnPasswordSchema>;

/**
 * Change your own password. The change ends every session of yours, this one too, so the
 * form signs in again with the new password straight away.
 */
export function ChangePasswordForm({ email }: { email: string }) {
  const router = useRouter();
  const schema = useMemo(() => changeOwnPasswordSchema(email), [email]);
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { register, handleSubmit, setError, reset, formState } = useForm<z.input<Schema>, unknown, z.output<Schema>>({
    resolver: zodResolver(schema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setDone(false);
    const result = await changeOwnPasswordAction(values);
    if (!result.ok) {
      if (!applyFieldErrors(result.error.fieldErrors, setError)) setFormError(result.error.message);
      return;
    }
    const again = await signIn("credentials", { email, password: values.newPassword, redirect: false });
    if (!again || again.error) {
      router.replace("/sign-in");
      return;
    }
    reset();
    setDone(true);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-lg space-y-5">
      {done ? <Callout tone="success">Your password is changed. Your other sessions have ended.</Callout> : null}
      {formError ? <Callout tone="error">{formError}</Callout> : null}
      <Field id="currentPassword" label="Current password" error={errors.currentPassword?.message}>
        <Input
          id="currentPassword"
          type="password"
          autoComplete="current-password"
          {...describedBy("currentPassword", errors.currentPassword?.message)}
          {...register("currentPassword")}
        />
      </Field>
      <NewPasswordFields
        newPassword={register("newPassword")}
        confirmPassword={register("confirmPassword")}
        errors={{ newPassword: errors.newPassword?.message, confirmPassword: errors.confirmPassword?.message }}
      />
      <Button type="submit" loading={isSubmitting}>
        {isSubmitting ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
