"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { useToast } from "@/components/ui/toast";
import { Field, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { updateVolumeSettingsAction } from "@/lib/sources/actions/update-volume-settings";
import { volumeSettingsSchema } from "@/lib/sources/volume-schemas";

type Values = z.input<typeof volumeSettingsSchema>;

/** The optional low-volume alert: on or off, and the shares of the usual hourly volume that warn and that fail. */
export function VolumeSettingsForm({ initial }: { initial: Values }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<{ tone: "error"; text: string } | null>(null);
  const toast = useToast();
  const { register, handleSubmit, control, setError, formState } = useForm<
    Values,
    unknown,
    z.output<typeof volumeSettingsSchema>
  >({ resolver: zodResolver(volumeSettingsSchema), defaultValues: initial });
  const { errors, isSubmitting, isDirty } = formState;
  const enabled = useWatch({ control, name: "lowVolumeAlertEnabled" });

  const onSubmit = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await updateVolumeSettingsAction(values);
    if (!result.ok) {
      applyFieldErrors(result.error.fieldErrors, setError);
      setOutcome({ tone: "error", text: result.error.message });
      return;
    }
    toast({ title: "Volume alert saved." });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Low-volume alert">
      <p className="text-sm text-slate-300">
        Compares each hour with the same hour of the week in this source&apos;s own history. It learns for 3 weeks
        before it alerts. The no-events alert above stays as it is.
      </p>
      <label className="flex items-center gap-3 text-sm text-slate-200">
        <input
          type="checkbox"
          className="h-4 w-4 accent-[var(--color-accent)]"
          {...register("lowVolumeAlertEnabled")}
        />
        Alert when an hour has far fewer events than usual
      </label>
      <div className="grid gap-6 sm:grid-cols-2">
        <Field
          id="lowVolumeWarnPercent"
          label="Warn under (% of usual)"
          hint="A medium alert."
          error={errors.lowVolumeWarnPercent?.message}
        >
          <Input
            id="lowVolumeWarnPercent"
            type="number"
            min={1}
            max={99}
            disabled={!enabled}
            {...describedBy("lowVolumeWarnPercent", errors.lowVolumeWarnPercent?.message, true)}
            {...register("lowVolumeWarnPercent", { valueAsNumber: true })}
          />
        </Field>
        <Field
          id="lowVolumeErrorPercent"
          label="Error under (% of usual)"
          hint="A high alert; the source turns unhealthy."
          error={errors.lowVolumeErrorPercent?.message}
        >
          <Input
            id="lowVolumeErrorPercent"
            type="number"
            min={1}
            max={99}
            disabled={!enabled}
            {...describedBy("lowVolumeErrorPercent", errors.lowVolumeErrorPercent?.message, true)}
            {...register("lowVolumeErrorPercent", { valueAsNumber: true })}
          />
        </Field>
      </div>
      {outcome ? <Callout tone={outcome.tone}>{outcome.text}</Callout> : null}
      <Button type="submit" loading={isSubmitting} disabled={!isDirty}>
        Save volume alert
      </Button>
    </form>
  );
}
