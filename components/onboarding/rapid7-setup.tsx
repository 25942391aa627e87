"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import type { DetectionPackSummary } from "@/lib/detections/catalog";
import { createSourceAction } from "@/lib/sources/actions/create-source";
import { CredentialsStep } from "./credentials-step";
import { useOnboardingDraft } from "./draft";
import { NameStep } from "./name-step";
import { SetupStep, type SetupResult } from "./setup-step";
import { type StepId, STEPS, Stepper } from "./stepper";
import { SuccessStep } from "./success-step";

const KEY_FORGOTTEN = "Enter the API key again: Intake keeps it only in this page's memory, never in your browser's storage, so a reload clears it.";

/**
 * The Rapid7 setup flow. The step lives in the URL (so Back and Forward work), what was
 * typed lives in sessionStorage (so a reload keeps it), and the API key lives only in
 * memory. The source is created at Finish and nowhere before.
 */
export function Rapid7Setup({ packs }: { packs: DetectionPackSummary[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const requested = (params.get("step") ?? "name") as StepId;
  const step: StepId = STEPS.some((s) => s.id === requested) ? requested : "name";
  const [draft, updateDraft, forgetDraft, loaded] = useOnboardingDraft("intake:onboarding:rapid7");
  const [finished, setFinished] = useState(false);
  const [apiKey, setApiKey] = useState("");
  const [result, setResult] = useState<SetupResult | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const go = useCallback(
    (next: StepId, mode: "push" | "replace" = "push") => {
      const url = `${pathname}?step=${next}`;
      if (mode === "push") router.push(url, { scroll: true });
      else router.replace(url, { scroll: true });
    },
    [pathname, router],
  );

  // A step that lost what it needs (reload, or a link straight into the middle) goes back to where that is entered.
  useEffect(() => {
    if (!loaded || finished) return;
    if (step !== "name" && !draft.name) go("name", "replace");
    else if ((step === "setup" || step === "success") && !apiKey) {
      setNotice(KEY_FORGOTTEN);
      go("credentials", "replace");
    } else if (step === "success" && !result) go("setup", "replace");
  }, [loaded, finished, step, draft.name, apiKey, result, go]);

  const onSetupSuccess = useCallback(
    (setup: SetupResult) => {
      setResult(setup);
      const available = new Set(setup.auditLogs.map((log) => log.id));
      const kept = draft.auditLogIds.filter((id) => available.has(id));
      updateDraft({ auditLogIds: kept.length ? kept : [...available] });
      go("success", "replace");
    },
    [draft.auditLogIds, updateDraft, go],
  );

  const finish = async () => {
    const outcome = await createSourceAction({
      name: draft.name,
      region: draft.region,
      apiKey,
      auditLogIds: draft.auditLogIds,
      noEventsAlertEnabled: draft.noEventsAlertEnabled,
      noEventsThresholdMinutes: draft.noEventsThresholdMinutes,
      detectionPacks: draft.detectionPacks,
    });
    if (!outcome.ok) return { error: outcome.error.message };
    setFinished(true);
    forgetDraft();
    router.push(`/log-sources/${outcome.data.id}?created=1`);
    return null;
  };

  if (!loaded) {
    return (
      <div className="flex items-center gap-2 text-sm text-muted">
        <Spinner /> Loading…
      </div>
    );
  }

  return (
    <div className="mx-auto max-w-4xl">
      <Stepper current={step} />
      <div className="rounded-xl border border-line bg-panel/60 p-6 sm:p-8" data-testid={`step-${step}`}>
        {step === "name" ? (
          <NameStep
            initialName={draft.name}
            onDone={(name) => {
              updateDraft({ name });
              go("credentials");
            }}
          />
        ) : step === "credentials" ? (
          <CredentialsStep
            initialRegion={draft.region}
            initialApiKey={apiKey}
            notice={notice}
            onBack={({ region, apiKey: typed }) => {
              updateDraft({ region });
              setApiKey(typed);
              go("name");
            }}
            onDone={({ region, apiKey: typed }) => {
              updateDraft({ region });
              setApiKey(typed);
              setNotice(null);
              setResult(null);
              go("setup");
            }}
          />
        ) : step === "setup" && apiKey ? (
          <SetupStep name={draft.name} region={draft.region} apiKey={apiKey} onSuccess={onSetupSuccess} onBack={() => go("credentials")} />
        ) : step === "success" && result ? (
          <SuccessStep result={result} draft={draft} packs={packs} onChange={updateDraft} onFinish={finish} onBack={() => go("credentials")} />
        ) : (
          <div className="flex items-center gap-2 text-sm text-muted">
            <Spinner /> Loading…
          </div>
        )}
      </div>
    </div>
  );
}
