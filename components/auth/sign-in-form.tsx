"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PASSWORD_CHANGE_REQUIRED_MESSAGE, signInSchema } from "@/lib/auth/schemas";
import { NewPasswordSignInForm } from "./new-password-sign-in-form";
import { signInErrorMessage } from "./sign-in-error";

type Values = z.input<typeof signInSchema>;

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  // The temporary password from an admin's reset was right: ask for a new one, keeping these in memory only.
  const [temporary, setTemporary] = useState<{ email: string; password: string } | null>(null);
  const { register, handleSubmit, formState } = useForm<Values, unknown, z.output<typeof signInSchema>>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (result?.error === PASSWORD_CHANGE_REQUIRED_MESSAGE) {
      setTemporary(values);
      return;
    }
    if (!result || result.error) {
      setFormError(signInErrorMessage(result?.error));
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  });

  if (temporary)
    return (
      <NewPasswordSignInForm email={temporary.email} temporaryPassword={temporary.password} callbackUrl={callbackUrl} />
    );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {formError ? <Callout tone="error">{formError}</Callout> : null}
      <Field id="email" label="Email" error={errors.email?.message}>
        <Input
          id="email"
          type="email"
          autoComplete="username"
          autoFocus
          {...describedBy("email", errors.email?.message)}
          {...register("email")}
        />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <Input
          id="password"
          type="password"
          autoComplete="current-password"
          {...describedBy("password", errors.password?.message)}
          {...register("password")}
        />
      </Field>
      <Button type="submit" className="w-full" loading={isSubmitting}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
