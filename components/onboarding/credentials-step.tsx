"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Fragment, useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Field, SwappedHint, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { parseRegion, RAPID7_REGIONS, regionLabel } from "@/lib/integrations/rapid7/regions";
import { detectRegionAction } from "@/lib/sources/actions/detect-region";
import { credentialsStepSchema } from "@/lib/sources/onboarding-schemas";

type Values = z.input<typeof credentialsStepSchema>;

export function CredentialsStep({
  initialRegion,
  initialApiKey,
  initialErrors,
  notice,
  onBack,
  onDone,
}: {
  initialRegion: string;
  initialApiKey: string;
  /** What Setup found wrong with these fields, shown next to them on the way back. */
  initialErrors?: { region?: string; apiKey?: string } | null;
  notice: string | null;
  onBack: (values: { region: string; apiKey: string }) => void;
  onDone: (values: { region: string; apiKey: string }) => void;
}) {
  const [showKey, setShowKey] = useState(false);
  const [detecting, setDetecting] = useState(false);
  const [detectMessage, setDetectMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const { control, register, handleSubmit, formState, setValue, getValues, trigger, setError } = useForm<
    Values,
    unknown,
    z.output<typeof credentialsStepSchema>
  >({
    resolver: zodResolver(credentialsStepSchema),
    defaultValues: { region: initialRegion, apiKey: initialApiKey },
  });
  const { errors } = formState;
  useEffect(() => {
    if (initialErrors?.region) setError("region", { type: "server", message: initialErrors.region });
    if (initialErrors?.apiKey) setError("apiKey", { type: "server", message: initialErrors.apiKey });
  }, [initialErrors, setError]);
  const typedRegion = useWatch({ control, name: "region" });
  const resolved = typedRegion ? parseRegion(typedRegion) : undefined;

  const detect = async () => {
    setDetectMessage(null);
    if (!(await trigger("apiKey"))) return;
    setDetecting(true);
    const result = await detectRegionAction({ apiKey: getValues("apiKey") });
    setDetecting(false);
    if (!result.ok) {
      setDetectMessage({ tone: "error", text: result.error.fieldErrors.apiKey ?? result.error.message });
      return;
    }
    if (result.data.region) {
      setValue("region", result.data.region, { shouldValidate: true });
      setDetectMessage({
        tone: "success",
        text: `Rapid7 accepted the key in ${regionLabel(result.data.region)}: the region is ${result.data.region}.`,
      });
    } else {
      const unreachable = result.data.probes
        .filter((probe) => probe.outcome === "unreachable" || probe.outcome === "error")
        .map((probe) => probe.region);
      setDetectMessage({
        tone: "error",
        text:
          unreachable.length > 0
            ? `No region accepted this key, and ${unreachable.join(", ")} could not be reached. Check the key and this server's network access.`
            : "No Rapid7 region accepted this key. Check that you copied the whole key and that it has not been revoked.",
      });
    }
  };

  const onSubmit = handleSubmit((values) => onDone({ region: values.region, apiKey: values.apiKey }));

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-6">
      <div>
        <h2 className="text-lg font-semibold text-white">Set Credentials</h2>
        <p className="mt-1 text-sm text-muted">Fill in the form below with your credentials.</p>
      </div>
      {notice ? <Callout tone="info">{notice}</Callout> : null}
      <Field
        id="region"
        label="Storage Region"
        error={errors.region?.message}
        reserveLines={{ narrow: 3, wide: 2 }}
        hint={
          <SwappedHint
            resting={
              <>Your Data Storage Region, shown in Rapid7 under Settings &gt; Home. For United States - 3, enter us3.</>
            }
            current={
              resolved ? (
                <>
                  {regionLabel(resolved)} → <span className="font-mono text-slate-200">{resolved}</span>
                </>
              ) : null
            }
          />
        }
      >
        <Input
          id="region"
          list="rapid7-regions"
          placeholder="us3"
          autoComplete="off"
          autoFocus
          {...describedBy("region", errors.region?.message, true)}
          {...register("region")}
        />
        <datalist id="rapid7-regions">
          {RAPID7_REGIONS.map((region) => (
            <option key={region.code} value={region.code}>
              {region.label}
            </option>
          ))}
        </datalist>
      </Field>
      <details className="rounded-md border border-line bg-panel px-4 py-2 text-sm text-slate-300">
        <summary className="cursor-pointer text-slate-200">Which code is my region?</summary>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4">
          {RAPID7_REGIONS.map((region) => (
            <Fragment key={region.code}>
              <dt className="py-0.5">{region.label}</dt>
              <dd className="py-0.5 font-mono text-white">{region.code}</dd>
            </Fragment>
          ))}
        </dl>
      </details>
      <Field
        id="apiKey"
        label="API Key"
        error={errors.apiKey?.message}
        reserveLines={{ narrow: 2, wide: 1 }}
        hint="An organization API key with Administrator rights. Intake encrypts it and never shows it again."
      >
        <div className="flex gap-2">
          <Input
            id="apiKey"
            type={showKey ? "text" : "password"}
            autoComplete="off"
            spellCheck={false}
            {...describedBy("apiKey", errors.apiKey?.message, true)}
            {...register("apiKey")}
          />
          {/* One name whatever the state ("Show API key"), with aria-pressed saying whether it is shown. */}
          <Button
            variant="secondary"
            onClick={() => setShowKey((value) => !value)}
            aria-controls="apiKey"
            aria-pressed={showKey}
            aria-label="Show API key"
            className={showKey ? "border-accent bg-accent/20" : undefined}
          >
            <EyeIcon crossed={!showKey} />
            Show
          </Button>
        </div>
      </Field>
      <div className="space-y-2">
        <Button variant="secondary" onClick={detect} loading={detecting}>
          {detecting ? "Trying every region…" : "Detect region"}
        </Button>
        <p className="text-xs text-muted">
          Not sure of the region? Intake tries the key in every Rapid7 region and fills in the one that accepts it.
        </p>
        {detectMessage ? <Callout tone={detectMessage.tone}>{detectMessage.text}</Callout> : null}
      </div>
      <div className="flex items-center gap-3 border-t border-line pt-6">
        <Button type="submit">Setup</Button>
        <Button variant="ghost" onClick={() => onBack(getValues())}>
          Back
        </Button>
      </div>
    </form>
  );
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
      <path d="M1.5 10S4.5 4 10 4s8.5 6 8.5 6-3 6-8.5 6S1.5 10 1.5 10z" />
      <circle cx="10" cy="10" r="2.5" />
      {crossed ? <path d="M3 17L17 3" /> : null}
    </svg>
  );
}
