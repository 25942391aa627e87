"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { useToast } from "@/components/ui/toast";
import { describedBy, Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { setTimeZoneAction } from "@/lib/users/actions/set-time-zone";
import { setTimeZoneSchema } from "@/lib/users/schemas";

type Values = z.input<typeof setTimeZoneSchema>;

/**
 * The zone this person reads every time in. The list comes from the server (the zones it
 * accepts); "Use this browser's zone" fills in what the device says, when the server knows it.
 */
export function TimeZoneForm({ current, zones }: { current: string; zones: readonly string[] }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const toast = useToast();
  const { register, handleSubmit, setError, setValue, formState } = useForm<
    Values,
    unknown,
    z.output<typeof setTimeZoneSchema>
  >({
    resolver: zodResolver(setTimeZoneSchema),
    defaultValues: { timeZone: current },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await setTimeZoneAction(values);
    if (!result.ok) {
      if (!applyFieldErrors(result.error.fieldErrors, setError)) setFormError(result.error.message);
      return;
    }
    toast({ title: `Times are now shown in ${result.data.timeZone}.` });
    router.refresh();
  });

  const useBrowserZone = () => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zones.includes(browserZone)) setValue("timeZone", browserZone, { shouldDirty: true });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-lg space-y-4">
      {formError ? <Callout tone="error">{formError}</Callout> : null}
      <Field
        id="timeZone"
        label="Time zone"
        hint="Every time in the console is shown in this zone. Links keep meaning the same instant for everyone."
        error={errors.timeZone?.message}
      >
        <Select id="timeZone" {...describedBy("timeZone", errors.timeZone?.message, true)} {...register("timeZone")}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" loading={isSubmitting}>
          {isSubmitting ? "Saving…" : "Save time zone"}
        </Button>
        <Button type="button" variant="ghost" onClick={useBrowserZone}>
          Use this browser&apos;s zone
        </Button>
      </div>
    </form>
  );
}
