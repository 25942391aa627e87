"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { signInWithNewPasswordSchema } from "@/lib/auth/schemas";
import { signInErrorMessage } from "./sign-in-error";
import { NewPasswordFields } from "./new-password-fields";

type Values = z.input<typeof signInWithNewPasswordSchema>;

/** Second step of signing in with a temporary password: the new password replaces it, and the session starts. */
export function NewPasswordSignInForm({
  email,
  temporaryPassword,
  callbackUrl,
}: {
  email: string;
  temporaryPassword: string;
  callbackUrl: string;
}) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Values, unknown, z.output<typeof signInWithNewPasswordSchema>>({
    resolver: zodResolver(signInWithNewPasswordSchema),
    defaultValues: { email, password: temporaryPassword, newPassword: "", confirmPassword: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      setFormError(signInErrorMessage(result?.error));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <Callout tone="info" title="Choose a new password">
        An admin reset the password of {email}. The temporary password worked; choose your own to continue.
      </Callout>
      {formError ? <Callout tone="error">{formError}</Callout> : null}
      <NewPasswordFields
        newPassword={register("newPassword")}
        confirmPassword={register("confirmPassword")}
        errors={{ newPassword: errors.newPassword?.message, confirmPassword: errors.confirmPassword?.message }}
        autoFocus
      />
      <Button type="submit" className="w-full" loading={isSubmitting}>
        {isSubmitting ? "Saving…" : "Set password and sign in"}
      </Button>
    </form>
  );
}
