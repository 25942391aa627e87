"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type Resolver, useForm, useWatch } from "react-hook-form";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button, buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { describedBy, Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ALERT_KIND_LABELS, ALERT_KINDS, SEVERITIES, SEVERITY_LABELS } from "@/lib/alerts/schemas";
import { createDestinationAction } from "@/lib/destinations/actions/create-destination";
import { updateDestinationAction } from "@/lib/destinations/actions/update-destination";
import {
  type CreateDestinationInput,
  createDestinationSchema,
  DESTINATION_TYPE_LABELS,
  DESTINATION_TYPES,
  type DestinationType,
  type UpdateDestinationInput,
  updateDestinationSchema,
} from "@/lib/destinations/schemas";

type Values = {
  name: string;
  type: DestinationType;
  url: string;
  secret: string;
  clearSecret: boolean;
  alertKinds: string[];
  minSeverity: string;
  enabled: boolean;
};

export type ExistingDestination = {
  id: string;
  name: string;
  type: DestinationType;
  urlHint: string;
  hasSecret: boolean;
  alertKinds: string[];
  minSeverity: string;
  enabled: boolean;
};

function randomSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Create or edit a destination. The URL and signing secret are write-only: when editing,
 * both start empty and stay unchanged unless something is typed (the console never has
 * them to show).
 */
export function DestinationForm({ existing }: { existing?: ExistingDestination }) {
  const router = useRouter();
  const editing = existing !== undefined;
  const [formError, setFormError] = useState<string | null>(null);
  const schema = editing ? updateDestinationSchema : createDestinationSchema;
  const { control, register, handleSubmit, setError, setValue, formState } = useForm<Values>({
    // The edit schema also wants the id; it is added on submit.
    resolver: ((values, context, options) =>
      zodResolver(schema as never)(
        editing ? { ...values, destinationId: existing.id } : values,
        context,
        options as never,
      )) as Resolver<Values>,
    defaultValues: {
      name: existing?.name ?? "",
      type: existing?.type ?? "webhook",
      url: "",
      secret: "",
      clearSecret: false,
      alertKinds: existing?.alertKinds ?? [],
      minSeverity: existing?.minSeverity ?? "low",
      enabled: existing?.enabled ?? true,
    },
  });
  const { errors, isSubmitting } = formState;
  const type = useWatch({ control, name: "type" });
  const clearSecret = useWatch({ control, name: "clearSecret" });
  const [showSecret, setShowSecret] = useState(false);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const settings = {
      name: values.name,
      alertKinds: values.alertKinds,
      minSeverity: values.minSeverity,
      enabled: values.enabled,
    };
    const result = editing
      ? await updateDestinationAction({
          ...settings,
          destinationId: existing.id,
          url: values.url,
          secret: values.secret,
          clearSecret: values.clearSecret,
        } as UpdateDestinationInput)
      : await createDestinationAction({
          ...settings,
          type: values.type,
          url: values.url,
          secret: values.type === "webhook" ? values.secret : "",
        } as CreateDestinationInput);
    if (!result.ok) {
      if (!applyFieldErrors(result.error.fieldErrors, setError)) setFormError(result.error.message);
      return;
    }
    router.push("/settings/destinations");
    router.refresh();
  });

  const urlHint =
    type === "slack"
      ? "Slack's incoming webhook URL, https://hooks.slack.com/services/…"
      : "Where Intake POSTs the alert as JSON. https://, or http:// to this machine only.";

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-2xl space-y-5">
      {formError ? <Callout tone="error">{formError}</Callout> : null}
      <Field id="name" label="Name" error={errors.name?.message}>
        <Input
          id="name"
          autoComplete="off"
          placeholder="On-call Slack"
          {...describedBy("name", errors.name?.message)}
          {...register("name")}
        />
      </Field>

      {editing ? (
        <div className="space-y-1.5 text-sm">
          <p className="font-medium text-slate-200">Type</p>
          <p className="text-slate-300">
            {DESTINATION_TYPE_LABELS[existing.type]} (to change the type, add a new destination)
          </p>
        </div>
      ) : (
        <Field id="type" label="Type" error={errors.type?.message}>
          <Select id="type" {...describedBy("type", errors.type?.message)} {...register("type")}>
            {DESTINATION_TYPES.map((value) => (
              <option key={value} value={value}>
                {value === "webhook" ? "Webhook (JSON POST, optionally signed)" : "Slack (incoming webhook)"}
              </option>
            ))}
          </Select>
        </Field>
      )}

      <Field
        id="url"
        label={editing ? "New URL" : "URL"}
        hint={
          editing
            ? `Leave empty to keep the current URL (${existing.urlHint}/…). It is stored encrypted and never shown again.`
            : `${urlHint} Stored encrypted; the console only shows its scheme and host.`
        }
        error={errors.url?.message}
      >
        <Input
          id="url"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={
            editing
              ? "Unchanged"
              : type === "slack"
                ? "https://hooks.slack.com/services/…"
                : "https://siem.example.com/intake-alerts"
          }
          {...describedBy("url", errors.url?.message, true)}
          {...register("url")}
        />
      </Field>

      {type === "webhook" ? (
        <Field
          id="secret"
          label={editing ? "New signing secret" : "Signing secret (optional)"}
          hint={
            editing
              ? existing.hasSecret
                ? "Leave empty to keep the current secret. Requests carry X-Intake-Signature."
                : "This destination has no secret; requests are unsigned. Set one to sign them."
              : "With a secret, every request carries X-Intake-Signature: an HMAC-SHA256 of the timestamp and body, so the receiver can check it came from Intake. Copy it now: it is never shown again."
          }
          error={errors.secret?.message}
        >
          <div className="flex gap-2">
            <Input
              id="secret"
              type={showSecret ? "text" : "password"}
              autoComplete="new-password"
              spellCheck={false}
              disabled={clearSecret}
              placeholder={editing && existing.hasSecret ? "Unchanged" : "At least 16 characters"}
              {...describedBy("secret", errors.secret?.message, true)}
              {...register("secret")}
            />
            <Button
              variant="secondary"
              onClick={() => {
                setValue("secret", randomSecret(), { shouldValidate: true });
                setShowSecret(true);
              }}
              disabled={clearSecret}
            >
              Generate
            </Button>
          </div>
          {editing && existing.hasSecret ? (
            <label className="mt-2 flex items-center gap-2 text-sm text-slate-300">
              <input type="checkbox" className="h-4 w-4 accent-accent" {...register("clearSecret")} />
              Remove the signing secret (send unsigned requests)
            </label>
          ) : null}
        </Field>
      ) : null}

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-200">Alert kinds</legend>
        <p className="text-xs text-muted">Leave all unchecked to receive every kind.</p>
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {ALERT_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2 text-sm text-slate-300">
              <input type="checkbox" value={kind} className="h-4 w-4 accent-accent" {...register("alertKinds")} />
              {ALERT_KIND_LABELS[kind]}
            </label>
          ))}
        </div>
        {errors.alertKinds?.message ? <p className="text-sm text-rose-400">{errors.alertKinds.message}</p> : null}
      </fieldset>

      <Field
        id="minSeverity"
        label="Minimum severity"
        hint="Alerts less severe than this are not sent here."
        error={errors.minSeverity?.message}
      >
        <Select
          id="minSeverity"
          {...describedBy("minSeverity", errors.minSeverity?.message, true)}
          {...register("minSeverity")}
        >
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {SEVERITY_LABELS[severity]}
              {severity === "info" ? " (everything)" : severity === "critical" ? " only" : " and above"}
            </option>
          ))}
        </Select>
      </Field>

      <label className="flex items-center gap-2 text-sm text-slate-200">
        <input type="checkbox" className="h-4 w-4 accent-accent" {...register("enabled")} />
        Enabled: send alerts to this destination
      </label>

      <div className="flex items-center gap-3">
        <Button type="submit" loading={isSubmitting}>
          {isSubmitting ? "Saving…" : editing ? "Save changes" : "Add destination"}
        </Button>
        <Link href="/settings/destinations" className={buttonClasses("ghost")}>
          Cancel
        </Link>
      </div>
    </form>
  );
}
