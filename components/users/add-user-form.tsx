"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button, buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field, describedBy } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { createUserAction } from "@/lib/users/actions/create-user";
import { PASSWORD_RULES_HINT } from "@/lib/auth/schemas";
import { createUserSchema } from "@/lib/users/schemas";

type Values = z.input<typeof createUserSchema>;

export function AddUserForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<typeof createUserSchema>>({
    resolver: zodResolver(createUserSchema),
    defaultValues: { name: "", email: "", role: "ANALYST", password: "" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await createUserAction(values);
    if (!result.ok) {
      if (!applyFieldErrors(result.error.fieldErrors, setError)) setFormError(result.error.message);
      return;
    }
    // The list says who was added (./added-user-notice.tsx).
    router.push(`/settings/users?added=${encodeURIComponent(values.email)}`);
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-lg space-y-5">
      {formError ? <Callout tone="error">{formError}</Callout> : null}
      <Field id="name" label="Name" error={errors.name?.message}>
        <Input id="name" autoComplete="off" {...describedBy("name", errors.name?.message)} {...register("name")} />
      </Field>
      <Field id="email" label="Email" error={errors.email?.message}>
        <Input
          id="email"
          type="email"
          autoComplete="off"
          {...describedBy("email", errors.email?.message)}
          {...register("email")}
        />
      </Field>
      <Field
        id="role"
        label="Role"
        hint="Admins manage sources, users and settings. Analysts can look at everything but change nothing."
        error={errors.role?.message}
      >
        <Select id="role" {...describedBy("role", errors.role?.message, true)} {...register("role")}>
          <option value="ANALYST">Analyst (read-only)</option>
          <option value="ADMIN">Admin</option>
        </Select>
      </Field>
      <Field
        id="password"
        label="Initial password"
        hint={`${PASSWORD_RULES_HINT} Share it with the person over a channel you trust.`}
        reserveLines={2}
        error={errors.password?.message}
      >
        <Input
          id="password"
          type="password"
          autoComplete="new-password"
          {...describedBy("password", errors.password?.message, true)}
          {...register("password")}
        />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" loading={isSubmitting}>
          {isSubmitting ? "Adding…" : "Add user"}
        </Button>
        <Link href="/settings/users" className={buttonClasses("ghost")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
