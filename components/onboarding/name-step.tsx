"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button, buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { checkSourceNameAction } from "@/lib/sources/actions/check-source-name";
import { nameStepSchema } from "@/lib/sources/onboarding-schemas";
import { SOURCE_NAME_MAX } from "@/lib/sources/schemas";

type Values = z.input<typeof nameStepSchema>;

/** initialError: why the person was sent back here (the name was taken by the time they pressed Finish). */
export function NameStep({
  initialName,
  initialError,
  onDone,
}: {
  initialName: string;
  initialError?: string | null;
  onDone: (name: string) => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<typeof nameStepSchema>>({
    resolver: zodResolver(nameStepSchema),
    defaultValues: { name: initialName },
  });
  const { errors, isSubmitting } = formState;

  useEffect(() => {
    if (initialError) setError("name", { type: "server", message: initialError }, { shouldFocus: true });
  }, [initialError, setError]);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await checkSourceNameAction(values);
    if (!result.ok) {
      if (!applyFieldErrors(result.error.fieldErrors, setError)) setFormError(result.error.message);
      return;
    }
    onDone(result.data.name);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-6">
      <div>
        <h2 className="text-lg font-semibold text-white">Name this source</h2>
        <p className="mt-1 text-sm text-muted">A descriptive name helps your team recognise it in alerts and search.</p>
      </div>
      {formError ? <Callout tone="error">{formError}</Callout> : null}
      <Field
        id="name"
        label="Name"
        hint={`Unique, up to ${SOURCE_NAME_MAX} characters.`}
        error={errors.name?.message}
        reserveLines={{ narrow: 2, wide: 1 }}
      >
        <Input
          id="name"
          placeholder="My Rapid7 logs"
          autoComplete="off"
          autoFocus
          maxLength={SOURCE_NAME_MAX + 20}
          {...describedBy("name", errors.name?.message, true)}
          {...register("name")}
        />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" loading={isSubmitting}>
          Continue
        </Button>
        <Link href="/log-sources/new?type=rapid7" className={buttonClasses("ghost")}>
          Back
        </Link>
      </div>
    </form>
  );
}
