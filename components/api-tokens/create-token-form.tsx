"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field, describedBy } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { createApiTokenAction } from "@/lib/api-tokens/actions/create-api-token";
import { API_TOKEN_EXPIRY_OPTIONS, createApiTokenSchema } from "@/lib/api-tokens/schemas";
import { NewTokenBox } from "./new-token-box";

type Values = z.input<typeof createApiTokenSchema>;
type Created = { name: string; token: string; expiresAt: string | null };

/** Name + expiry; on success the full token is shown once, in this component's state only. */
export function CreateTokenForm() {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<
    Values,
    unknown,
    z.output<typeof createApiTokenSchema>
  >({
    resolver: zodResolver(createApiTokenSchema),
    defaultValues: { name: "", expiresIn: "90" },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setCreated(null);
    const result = await createApiTokenAction(values);
    if (!result.ok) {
      if (!applyFieldErrors(result.error.fieldErrors, setError)) setFormError(result.error.message);
      return;
    }
    setCreated({ name: result.data.name, token: result.data.token, expiresAt: result.data.expiresAt });
    reset({ name: "", expiresIn: values.expiresIn });
    router.refresh();
  });

  return (
    <div className="space-y-5">
      {created ? (
        <NewTokenBox
          name={created.name}
          token={created.token}
          expiresAt={created.expiresAt}
          onDone={() => setCreated(null)}
        />
      ) : null}
      <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="Create an API token">
        {formError ? <Callout tone="error">{formError}</Callout> : null}
        <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <Field
            id="token-name"
            label="Token name"
            hint="What will use it, so you know which one to revoke later."
            error={errors.name?.message}
          >
            <Input
              id="token-name"
              autoComplete="off"
              placeholder="SIEM export"
              {...describedBy("token-name", errors.name?.message, true)}
              {...register("name")}
            />
          </Field>
          <Field id="token-expiry" label="Expires" error={errors.expiresIn?.message}>
            <Select
              id="token-expiry"
              {...describedBy("token-expiry", errors.expiresIn?.message)}
              {...register("expiresIn")}
            >
              {API_TOKEN_EXPIRY_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Button type="submit" loading={isSubmitting}>
          {isSubmitting ? "Creating…" : "Create token"}
        </Button>
      </form>
    </div>
  );
}
