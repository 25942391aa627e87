"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { applyFieldErrors } from "@/components/forms/apply-field-errors";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { parseRegion, regionLabel } from "@/lib/integrations/rapid7/regions";
import { replaceApiKeyAction } from "@/lib/sources/actions/replace-api-key";
import { replaceApiKeySchema } from "@/lib/sources/schemas";
import { Time } from "@/components/ui/time";

type Values = z.input<typeof replaceApiKeySchema>;

/** Write-only: the current key is never shown, only that one is configured. */
export function ReplaceKeyForm({
  sourceId,
  region,
  keyUpdatedAt,
}: {
  sourceId: string;
  region: string;
  keyUpdatedAt: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [show, setShow] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const { control, register, handleSubmit, setError, reset, formState } = useForm<
    Values,
    unknown,
    z.output<typeof replaceApiKeySchema>
  >({
    resolver: zodResolver(replaceApiKeySchema),
    defaultValues: { sourceId, region, apiKey: "" },
  });
  const { errors, isSubmitting } = formState;
  const typedRegion = parseRegion(useWatch({ control, name: "region" }) ?? "");

  const onSubmit = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await replaceApiKeyAction(values);
    if (!result.ok) {
      if (!applyFieldErrors(result.error.fieldErrors, setError))
        setOutcome({ tone: "error", text: result.error.message });
      else setOutcome({ tone: "error", text: "The new key was not saved; the source keeps using the old one." });
      return;
    }
    reset({ sourceId, region: result.data.region, apiKey: "" });
    setOpen(false);
    setOutcome({
      tone: "success",
      text: "Rapid7 accepted the new key, and the source now uses it. A pull has been queued.",
    });
    router.refresh();
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="text-sm">
          <p className="text-white">
            API key: <span className="font-medium text-emerald-300">configured</span>
          </p>
          <p className="text-xs text-muted">
            Region {regionLabel(region as never)} ({region}) · set <Time value={keyUpdatedAt} format="absolute" />.
            Intake never shows a stored key.
          </p>
        </div>
        {!open ? (
          <Button variant="secondary" onClick={() => setOpen(true)}>
            Replace API key
          </Button>
        ) : null}
      </div>
      {outcome ? <Callout tone={outcome.tone}>{outcome.text}</Callout> : null}
      {open ? (
        <form
          onSubmit={onSubmit}
          noValidate
          className="space-y-4 rounded-lg border border-line p-4"
          aria-label="Replace API key"
        >
          <p className="text-sm text-slate-300">
            The new key is checked with Rapid7 (including reading the audit logs) before it replaces the current one, so
            a typo cannot break a working source.
          </p>
          <Field
            id="replace-region"
            label="Storage Region"
            error={errors.region?.message}
            hint={typedRegion ? `${regionLabel(typedRegion)} → ${typedRegion}` : undefined}
          >
            <Input
              id="replace-region"
              autoComplete="off"
              {...describedBy("replace-region", errors.region?.message, Boolean(typedRegion))}
              {...register("region")}
            />
          </Field>
          <Field id="replace-key" label="New API key" error={errors.apiKey?.message}>
            <div className="flex gap-2">
              <Input
                id="replace-key"
                type={show ? "text" : "password"}
                autoComplete="off"
                spellCheck={false}
                {...describedBy("replace-key", errors.apiKey?.message)}
                {...register("apiKey")}
              />
              <Button variant="secondary" onClick={() => setShow((value) => !value)} aria-pressed={show}>
                {show ? "Hide" : "Show"}
              </Button>
            </div>
          </Field>
          <div className="flex gap-2">
            <Button type="submit" loading={isSubmitting}>
              {isSubmitting ? "Checking with Rapid7…" : "Check and replace"}
            </Button>
            <Button variant="ghost" onClick={() => setOpen(false)} disabled={isSubmitting}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
