"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { ActionButton } from "@/components/ui/action-button";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { useToast } from "@/components/ui/toast";
import { Field, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { addMaintenanceWindowAction, endMaintenanceWindowAction } from "@/lib/sources/actions/maintenance-windows";
import type { MaintenanceWindowView } from "@/lib/sources/volume";
import { maintenanceWindowSchema } from "@/lib/sources/volume-schemas";
import { Time } from "@/components/ui/time";

type Values = z.input<typeof maintenanceWindowSchema>;

/** Planned quiet periods: volume alerts are suppressed while one runs; each has an owner and ends by itself. */
export function MaintenanceWindows({ sourceId, windows }: { sourceId: string; windows: MaintenanceWindowView[] }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<{ tone: "error"; text: string } | null>(null);
  const toast = useToast();
  const { register, handleSubmit, setError, reset, formState } = useForm<
    Values,
    unknown,
    z.output<typeof maintenanceWindowSchema>
  >({
    resolver: zodResolver(maintenanceWindowSchema),
    defaultValues: { sourceId, reason: "", startsInHours: 0, durationHours: 4 },
  });
  const { errors, isSubmitting } = formState;

  const onSubmit = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await addMaintenanceWindowAction(values);
    if (!result.ok) {
      applyFieldErrors(result.error.fieldErrors, setError);
      setOutcome({ tone: "error", text: result.error.message });
      return;
    }
    reset({ sourceId, reason: "", startsInHours: 0, durationHours: 4 });
    toast({ title: "Maintenance window added." });
    router.refresh();
  });

  return (
    <div className="space-y-4">
      {windows.length === 0 ? (
        <p className="text-sm text-muted">No maintenance window planned.</p>
      ) : (
        <ul className="space-y-2" aria-label="Maintenance windows">
          {windows.map((window) => (
            <li key={window.id} className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-200">
              <span>
                <Time value={window.startsAt} format="absolute" /> to <Time value={window.endsAt} format="absolute" />:{" "}
                {window.reason} <span className="text-muted">(owner: {window.ownerName})</span>
              </span>
              <ActionButton
                label="End now"
                run={() => endMaintenanceWindowAction({ sourceId, windowId: window.id })}
                describe={() => "Ended."}
              />
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add a maintenance window">
        <Field id="maintenanceReason" label="Reason" error={errors.reason?.message}>
          <Input
            id="maintenanceReason"
            {...describedBy("maintenanceReason", errors.reason?.message)}
            {...register("reason")}
          />
        </Field>
        <div className="grid gap-6 sm:grid-cols-2">
          <Field id="startsInHours" label="Starts in (hours)" hint="0 for now." error={errors.startsInHours?.message}>
            <Input
              id="startsInHours"
              type="number"
              min={0}
              {...describedBy("startsInHours", errors.startsInHours?.message, true)}
              {...register("startsInHours", { valueAsNumber: true })}
            />
          </Field>
          <Field
            id="durationHours"
            label="Lasts (hours)"
            hint="It expires by itself."
            error={errors.durationHours?.message}
          >
            <Input
              id="durationHours"
              type="number"
              min={1}
              {...describedBy("durationHours", errors.durationHours?.message, true)}
              {...register("durationHours", { valueAsNumber: true })}
            />
          </Field>
        </div>
        {outcome ? <Callout tone={outcome.tone}>{outcome.text}</Callout> : null}
        <Button type="submit" loading={isSubmitting}>
          Add maintenance window
        </Button>
      </form>
    </div>
  );
}
