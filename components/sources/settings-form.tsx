"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { useToast } from "@/components/ui/toast";
import { Field, describedBy } from "@/components/ui/field";
import { CheckboxList } from "@/components/ui/checkbox-list";
import { Input, Select } from "@/components/ui/input";
import { NoEventsAlertSwitch } from "./no-events-alert-switch";
import { PackLabel } from "./pack-label";
import type { DetectionPackSummary } from "@/lib/detections/catalog";
import { updateSourceSettingsAction } from "@/lib/sources/actions/update-source-settings";
import { NO_EVENTS_THRESHOLDS, updateSourceSettingsSchema } from "@/lib/sources/schemas";

type Values = z.input<typeof updateSourceSettingsSchema>;

export function SettingsForm({
  initial,
  auditLogs,
  packs,
}: {
  initial: Values;
  auditLogs: { id: string; name: string }[];
  packs: DetectionPackSummary[];
}) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<{ tone: "error"; text: string } | null>(null);
  const toast = useToast();
  const { register, handleSubmit, control, setError, formState } = useForm<
    Values,
    unknown,
    z.output<typeof updateSourceSettingsSchema>
  >({
    resolver: zodResolver(updateSourceSettingsSchema),
    defaultValues: initial,
  });
  const { errors, isSubmitting, isDirty } = formState;
  const alertOn = useWatch({ control, name: "noEventsAlertEnabled" });

  const onSubmit = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await updateSourceSettingsAction(values);
    if (!result.ok) {
      applyFieldErrors(result.error.fieldErrors, setError);
      setOutcome({ tone: "error", text: result.error.message });
      return;
    }
    toast({ title: "Settings saved." });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label="Source settings">
      <Field id="name" label="Name" error={errors.name?.message}>
        <Input id="name" {...describedBy("name", errors.name?.message)} {...register("name")} />
      </Field>
      <div className="grid gap-6 sm:grid-cols-2">
        <Field
          id="pullIntervalMinutes"
          label="Pull every (minutes)"
          hint="1 to 60. Each pull costs a few of Rapid7's rate-limited requests."
          error={errors.pullIntervalMinutes?.message}
        >
          <Input
            id="pullIntervalMinutes"
            type="number"
            min={1}
            max={60}
            {...describedBy("pullIntervalMinutes", errors.pullIntervalMinutes?.message, true)}
            {...register("pullIntervalMinutes", { valueAsNumber: true })}
          />
        </Field>
        <Field
          id="retentionDays"
          label="Keep events for (days)"
          hint="Older events are deleted by an hourly job."
          error={errors.retentionDays?.message}
        >
          <Input
            id="retentionDays"
            type="number"
            min={1}
            max={3650}
            {...describedBy("retentionDays", errors.retentionDays?.message, true)}
            {...register("retentionDays", { valueAsNumber: true })}
          />
        </Field>
      </div>
      <Controller
        control={control}
        name="auditLogIds"
        render={({ field }) => (
          <CheckboxList
            legend="Audit logs to pull"
            items={auditLogs}
            value={field.value}
            onChange={field.onChange}
            render={(log) => log.name}
            error={errors.auditLogIds?.message}
          />
        )}
      />
      <fieldset className="space-y-3 rounded-lg border border-line p-4">
        <legend className="px-1 text-sm font-medium text-slate-200">No-events alert</legend>
        <Controller
          control={control}
          name="noEventsAlertEnabled"
          render={({ field }) => (
            <NoEventsAlertSwitch id="noEventsAlertEnabled" checked={field.value} onCheckedChange={field.onChange} />
          )}
        />
        <div>
          <label htmlFor="noEventsThresholdMinutes" className="block text-sm text-slate-300">
            Wait this long before alerting
          </label>
          <Select
            id="noEventsThresholdMinutes"
            className="mt-1 w-48"
            disabled={!alertOn}
            {...register("noEventsThresholdMinutes", { valueAsNumber: true })}
          >
            {NO_EVENTS_THRESHOLDS.map((choice) => (
              <option key={choice.minutes} value={choice.minutes}>
                {choice.label}
              </option>
            ))}
          </Select>
        </div>
      </fieldset>
      <Controller
        control={control}
        name="detectionPacks"
        render={({ field }) =>
          packs.length === 0 ? (
            <p className="text-sm text-slate-300">
              <span className="block font-medium text-slate-200">Detection packs</span>
              No detection packs are available for this source type in this version of Intake.
            </p>
          ) : (
            <CheckboxList
              legend="Detection packs"
              items={packs}
              value={field.value}
              onChange={field.onChange}
              render={(pack) => <PackLabel pack={pack} />}
            />
          )
        }
      />
      {outcome ? <Callout tone={outcome.tone}>{outcome.text}</Callout> : null}
      <Button type="submit" loading={isSubmitting} disabled={!isDirty}>
        Save settings
      </Button>
    </form>
  );
}
