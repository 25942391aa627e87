"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useRef, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { NoEventsAlertSwitch } from "@/components/sources/no-events-alert-switch";
import { PackLabel } from "@/components/sources/pack-label";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { CheckboxList } from "@/components/ui/checkbox-list";
import { Select } from "@/components/ui/input";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { ActionError } from "@/lib/action-result";
import type { DetectionPackSummary } from "@/lib/detections/catalog";
import { finishSetupSchema } from "@/lib/sources/onboarding-schemas";
import { NO_EVENTS_THRESHOLDS } from "@/lib/sources/schemas";
import type { FinishChoices, SetupResult } from "./wizard-machine";
import { Time } from "@/components/ui/time";

type Values = z.input<typeof finishSetupSchema>;
export type FinishValues = z.output<typeof finishSetupSchema>;

/**
 * "Everything looks good!": what Intake found, and the last choices before the source is
 * created. The form validates with finishSetupSchema, the schema the Finish action checks
 * again on the server; name, region and key ride along from the earlier steps.
 */
export function SuccessStep({
  result,
  initial,
  packs,
  onChange,
  onFinish,
  onBack,
  onFixElsewhere,
}: {
  result: SetupResult;
  initial: { name: string; region: string; apiKey: string } & FinishChoices;
  packs: DetectionPackSummary[];
  onChange: (choices: FinishChoices) => void;
  onFinish: (values: FinishValues) => Promise<ActionError | null>;
  onBack: () => void;
  /** A problem with the name, region or key (e.g. the name was taken meanwhile) is fixed on its own step. */
  onFixElsewhere: (step: "name" | "credentials", message: string) => void;
}) {
  const [failure, setFailure] = useState<{ message: string; fixOn: "name" | "credentials" | null } | null>(null);
  // Stays true after a successful Finish while the browser moves to the new source, so it cannot be pressed twice.
  const [created, setCreated] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const failureHeading = useRef<HTMLHeadingElement>(null);
  const { handleSubmit, control, register, subscribe, trigger, setError, formState } = useForm<
    Values,
    unknown,
    FinishValues
  >({
    resolver: zodResolver(finishSetupSchema),
    defaultValues: initial,
    mode: "onChange",
  });
  const { errors, isSubmitting } = formState;
  const chosenLogs = useWatch({ control, name: "auditLogIds" }) ?? [];
  const alertOn = useWatch({ control, name: "noEventsAlertEnabled" });

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (failure) failureHeading.current?.focus();
  }, [failure]);
  // An empty choice kept from before (Back, then Setup again) is reported at once, not only on Finish.
  useEffect(() => {
    if ((initial.auditLogIds ?? []).length === 0) void trigger("auditLogIds");
  }, [initial.auditLogIds, trigger]);
  useEffect(() => {
    return subscribe({
      formState: { values: true },
      callback: ({ values }) =>
        onChange({
          auditLogIds: (values.auditLogIds ?? []).filter((id): id is string => typeof id === "string"),
          detectionPacks: (values.detectionPacks ?? []).filter((id): id is string => typeof id === "string"),
          noEventsAlertEnabled: values.noEventsAlertEnabled ?? true,
          noEventsThresholdMinutes: Number(values.noEventsThresholdMinutes),
        }),
    });
  }, [subscribe, onChange]);

  const finish = handleSubmit(async (values) => {
    setFailure(null);
    const error = await onFinish(values);
    if (!error) {
      setCreated(true);
      return;
    }
    applyFieldErrors(pick(error.fieldErrors, ["auditLogIds", "detectionPacks", "noEventsThresholdMinutes"]), setError);
    const fixOn = error.fieldErrors.name
      ? "name"
      : error.fieldErrors.apiKey || error.fieldErrors.region
        ? "credentials"
        : null;
    setFailure({ message: error.message, fixOn });
  });

  return (
    <form onSubmit={finish} noValidate className="space-y-8" aria-labelledby="success-title">
      <div className="flex items-start gap-4 rounded-lg border border-emerald-700/50 bg-emerald-950/30 p-5">
        <span
          className="flex h-10 w-10 shrink-0 items-center justify-center rounded-full bg-emerald-500/20 text-xl text-emerald-300"
          aria-hidden="true"
        >
          ✓
        </span>
        <div>
          <h2
            id="success-title"
            ref={heading}
            tabIndex={-1}
            className="text-lg font-semibold text-white focus:outline-none"
          >
            Everything looks good!
          </h2>
          <p className="mt-1 text-sm text-slate-200">
            Intake will now automatically pull &amp; process logs from your account.
          </p>
          <p className="mt-1 text-xs text-muted">
            Nothing is stored until you press Finish; the first pull starts right after.
          </p>
        </div>
      </div>

      <PreviewTable result={result} />

      <Controller
        control={control}
        name="auditLogIds"
        render={({ field }) => (
          <CheckboxList
            legend="Audit logs to pull"
            items={result.auditLogs}
            value={field.value ?? []}
            onChange={field.onChange}
            render={(log) => (
              <>
                {log.name} {log.logsetName ? <span className="text-xs text-muted">in {log.logsetName}</span> : null}
              </>
            )}
            error={errors.auditLogIds?.message}
          />
        )}
      />

      <section aria-labelledby="packs-title">
        <h3 id="packs-title" className="text-sm font-semibold uppercase tracking-wide text-muted">
          Detection Packs <span className="normal-case text-muted">(optional)</span>
        </h3>
        {packs.length === 0 ? (
          <p className="mt-2 text-sm text-slate-300">
            No detection packs are available for Rapid7.AuditLog in this version of Intake. You can enable packs later
            from the source&apos;s settings.
          </p>
        ) : (
          <div className="mt-2">
            <Controller
              control={control}
              name="detectionPacks"
              render={({ field }) => (
                <CheckboxList
                  legend={<span className="sr-only">Packs to enable</span>}
                  items={packs}
                  value={field.value ?? []}
                  onChange={field.onChange}
                  render={(pack) => <PackLabel pack={pack} />}
                  error={errors.detectionPacks?.message}
                />
              )}
            />
          </div>
        )}
      </section>

      <section aria-label="No-events alert" className="space-y-4 rounded-lg border border-line bg-panel p-5">
        <Controller
          control={control}
          name="noEventsAlertEnabled"
          render={({ field }) => (
            <NoEventsAlertSwitch
              id="noEventsAlertEnabled"
              checked={field.value ?? true}
              onCheckedChange={field.onChange}
            />
          )}
        />
        <div>
          <label htmlFor="threshold" className="block text-sm text-slate-200">
            How long should Intake wait before it sends you an alert that no events have been processed?
          </label>
          {/* Disabled on the element, not through react-hook-form, which would drop the value and fall back to the default. */}
          <Select
            id="threshold"
            className="mt-2 w-48"
            disabled={!alertOn}
            {...register("noEventsThresholdMinutes", { valueAsNumber: true })}
          >
            {NO_EVENTS_THRESHOLDS.map((choice) => (
              <option key={choice.minutes} value={choice.minutes}>
                {choice.label}
              </option>
            ))}
          </Select>
          <p className="mt-1 text-xs text-muted">
            Recommended: leave this on, so you hear about it when data stops flowing.
          </p>
          {errors.noEventsThresholdMinutes?.message ? (
            <p className="mt-1 text-sm text-rose-400" role="alert">
              {errors.noEventsThresholdMinutes.message}
            </p>
          ) : null}
        </div>
      </section>

      {failure ? (
        <Callout tone="error">
          <h3 ref={failureHeading} tabIndex={-1} className="font-medium focus:outline-none">
            The source was not created
          </h3>
          <p className="mt-1 opacity-90" data-testid="finish-error">
            {failure.message}
          </p>
          {failure.fixOn ? (
            <div className="mt-3">
              <Button size="sm" variant="secondary" onClick={() => onFixElsewhere(failure.fixOn!, failure.message)}>
                {failure.fixOn === "name" ? "Back to name" : "Back to credentials"}
              </Button>
            </div>
          ) : null}
        </Callout>
      ) : null}
      <div className="flex items-center gap-3 border-t border-line pt-6">
        <Button type="submit" loading={isSubmitting || created} disabled={chosenLogs.length === 0}>
          {isSubmitting || created ? "Creating the source…" : "Finish"}
        </Button>
        <Button variant="ghost" onClick={onBack} disabled={isSubmitting || created}>
          Back
        </Button>
      </div>
    </form>
  );
}

function pick(fieldErrors: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).filter(([name]) => names.includes(name)));
}

function PreviewTable({ result }: { result: SetupResult }) {
  return (
    <section aria-labelledby="preview-title">
      <h3 id="preview-title" className="text-sm font-semibold uppercase tracking-wide text-muted">
        Your latest audit events, as Intake will store them
      </h3>
      {result.preview.length === 0 ? (
        <p className="mt-2 text-sm text-slate-300">
          No audit events in the last 7 days yet. That is fine: Intake stores them as soon as Rapid7 records some.
        </p>
      ) : (
        <Table testId="setup-preview" density="dense" frame="plain" frameClassName="mt-2 rounded-lg border border-line">
          <TableHead className="border-b-0 bg-panel">
            <Th>Time (p_event_time)</Th>
            <Th>Action</Th>
            <Th>Result</Th>
            <Th>Who</Th>
            <Th>Description</Th>
          </TableHead>
          <TableBody>
            {result.preview.map((event, index) => (
              // The preview never changes while it is shown, and its events have no id of their own.
              <tr key={index}>
                <Td className="text-slate-300">
                  <Time value={event.time} format="absolute" />
                </Td>
                <Td className="wrap-anywhere font-mono text-xs text-white">
                  <UntrustedText text={event.action} />
                </Td>
                <Td className="text-slate-300">{event.result ? <UntrustedText text={event.result} /> : "—"}</Td>
                <Td className="wrap-anywhere text-slate-300">{event.who ? <UntrustedText text={event.who} /> : "—"}</Td>
                <Td className="wrap-anywhere text-slate-300">
                  {event.description ? <UntrustedText text={event.description} /> : "—"}
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
      {result.unparsed > 0 ? (
        <p className="mt-2 text-xs text-amber-300">
          {result.unparsed} of the {result.scanned} entries read did not match Rapid7.AuditLog; Intake will keep them as
          classification failures you can inspect.
        </p>
      ) : null}
    </section>
  );
}
