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
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { createFirstAdminAction } from "@/lib/users/actions/create-first-admin";
import { PASSWORD_RULES_HINT } from "@/lib/auth/schemas";
import { firstAdminSchema } from "@/lib/users/schemas";

type Values = z.input<typeof firstAdminSchema>;

export function FirstAdminForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<typeof firstAdminSchema>>({
    resolver: zodResolver(firstAdminSchema),
    defaultValues: { name: "", email: "", password: "", confirmPassword: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await createFirstAdminAction(values);
    if (!result.ok) {
      if (!applyFieldErrors(result.error.fieldErrors, setError)) setFormError(result.error.message);
      return;
    }
    const signedIn = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (!signedIn || signedIn.error) {
      router.replace("/sign-in");
      return;
    }
    router.replace("/log-sources");
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {formError ? <Callout tone="error">{formError}</Callout> : null}
      <Field id="name" label="Your name" error={errors.name?.message}>
        <Input
          id="name"
          autoComplete="name"
          autoFocus
          {...describedBy("name", errors.name?.message)}
          {...register("name")}
        />
      </Field>
      <Field id="email" label="Email" error={errors.email?.message}>
        <Input
          id="email"
          type="email"
          autoComplete="username"
          {...describedBy("email", errors.email?.message)}
          {...register("email")}
        />
      </Field>
      <Field
        id="password"
        label="Password"
        hint={PASSWORD_RULES_HINT}
        error={errors.password?.message}
        reserveLines={2}
      >
        <Input
          id="password"
          type="password"
          autoComplete="new-password"
          {...describedBy("password", errors.password?.message, true)}
          {...register("password")}
        />
      </Field>
      <Field id="confirmPassword" label="Confirm password" error={errors.confirmPassword?.message}>
        <Input
          id="confirmPassword"
          type="password"
          autoComplete="new-password"
          {...describedBy("confirmPassword", errors.confirmPassword?.message)}
          {...register("confirmPassword")}
        />
      </Field>
      <Button type="submit" className="w-full" loading={isSubmitting}>
        {isSubmitting ? "Creating account…" : "Create admin account"}
      </Button>
    </form>
  );
}
