"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import type { DetectionPackSummary } from "@/lib/detections/catalog";
import { createSourceAction } from "@/lib/sources/actions/create-source";
import { auditLogChoiceAfterSetup } from "@/lib/sources/audit-log-choice";
import { CredentialsStep } from "./credentials-step";
import { useOnboardingDraft } from "./draft";
import { NameStep } from "./name-step";
import { SetupStep, type SetupBackTarget } from "./setup-step";
import { type StepId, STEPS, Stepper } from "./stepper";
import { type FinishChoices, type FinishValues, SuccessStep } from "./success-step";
import { type SetupInput, type SetupResult, useSetupChecks } from "./use-setup-checks";

const KEY_FORGOTTEN =
  "Enter the API key again: Intake keeps it only in this page's memory, never in your browser's storage, so a reload clears it.";

type CredentialErrors = { region?: string; apiKey?: string };

/**
 * The Rapid7 setup flow. The step lives in the URL (so Back and Forward work), what was
 * typed lives in sessionStorage (so a reload keeps it), and the API key lives only in
 * memory. Setup's checks run when the person asks for them, never because a step was
 * shown. The source is created at Finish and nowhere before.
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
  const [nameError, setNameError] = useState<string | null>(null);
  const [credentialErrors, setCredentialErrors] = useState<CredentialErrors | null>(null);
  const { checks, prepare, start, stop } = useSetupChecks();
  /** Credentials just submitted with Setup: the checks start once the Setup step is on screen. */
  const [requestedRun, setRequestedRun] = useState<SetupInput | null>(null);

  const go = useCallback(
    (next: StepId, mode: "push" | "replace" = "push") => {
      const url = `${pathname}?step=${next}`;
      if (mode === "push") router.push(url, { scroll: true });
      else router.replace(url, { scroll: true });
    },
    [pathname, router],
  );

  /**
   * Setup is only ever pushed from Set Credentials, and Finish replaces Setup, so the entry
   * before either is always Set Credentials. Their Back buttons step back through history:
   * pushing credentials again would leave Setup behind it for the browser's Back to replay.
   */
  const backToCredentials = useCallback(() => router.back(), [router]);

  // A step that lost what it needs (reload, or a link straight into the middle) goes back to where that is entered.
  useEffect(() => {
    if (!loaded || finished) return;
    if (step !== "name" && !draft.name) go("name", "replace");
    else if ((step === "setup" || step === "success") && !apiKey) {
      setNotice(KEY_FORGOTTEN);
      go("credentials", "replace");
    } else if (step === "success" && !result) go("setup", "replace");
    else if (step === "setup" && checks.status === "passed" && result) go("success", "replace");
  }, [loaded, finished, step, draft.name, apiKey, result, checks.status, go]);

  // Leaving Setup (the browser's Back included) abandons a run still going, so its answer cannot pull the person on to Finish.
  useEffect(() => {
    if (step === "setup") return;
    stop();
    setRequestedRun(null);
  }, [step, stop]);

  const runSetup = useCallback(
    async (input: SetupInput) => {
      const setup = await start(input);
      if (!setup) return;
      setResult(setup);
      updateDraft((current) => ({
        auditLogIds: auditLogChoiceAfterSetup(
          current.auditLogIds,
          setup.auditLogs.map((log) => log.id),
        ),
      }));
      go("success", "replace");
    },
    [start, updateDraft, go],
  );

  /**
   * The checks start once the Setup step has rendered, and so is in the browser's history.
   * Started earlier, a run's move to Finish (a replace) could land before the push to Setup
   * did and replace Set Credentials' entry instead, so Back from Finish skipped credentials.
   */
  useEffect(() => {
    if (step !== "setup" || !requestedRun) return;
    setRequestedRun(null);
    void runSetup(requestedRun);
  }, [step, requestedRun, runSetup]);

  const leaveSetup = (target: SetupBackTarget) => {
    if (checks.status === "failed") {
      const { field, message } = checks.failure;
      if (field === "name") setNameError(message);
      if (field === "region" || field === "apiKey") setCredentialErrors({ [field]: message });
    }
    if (target === "name") go("name");
    else backToCredentials();
  };

  const saveChoices = useCallback((choices: FinishChoices) => updateDraft(choices), [updateDraft]);

  const finish = async (values: FinishValues) => {
    const outcome = await createSourceAction(values);
    if (!outcome.ok) return outcome.error;
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
            initialError={nameError}
            onDone={(name) => {
              setNameError(null);
              updateDraft({ name });
              go("credentials");
            }}
          />
        ) : step === "credentials" ? (
          <CredentialsStep
            initialRegion={draft.region}
            initialApiKey={apiKey}
            initialErrors={credentialErrors}
            notice={notice}
            onBack={({ region, apiKey: typed }) => {
              updateDraft({ region });
              setApiKey(typed);
              setCredentialErrors(null);
              go("name");
            }}
            onDone={({ region, apiKey: typed }) => {
              updateDraft({ region });
              setApiKey(typed);
              setNotice(null);
              setCredentialErrors(null);
              setResult(null);
              prepare();
              setRequestedRun({ name: draft.name, region, apiKey: typed });
              go("setup");
            }}
          />
        ) : step === "setup" && apiKey ? (
          <SetupStep
            checks={checks}
            region={draft.region}
            onRun={() => void runSetup({ name: draft.name, region: draft.region, apiKey })}
            onBack={leaveSetup}
          />
        ) : step === "success" && result ? (
          <SuccessStep
            result={result}
            initial={{
              name: draft.name,
              region: draft.region,
              apiKey,
              auditLogIds: draft.auditLogIds ?? [],
              detectionPacks: draft.detectionPacks,
              noEventsAlertEnabled: draft.noEventsAlertEnabled,
              noEventsThresholdMinutes: draft.noEventsThresholdMinutes,
            }}
            packs={packs}
            onChange={saveChoices}
            onFinish={finish}
            onBack={backToCredentials}
            onFixElsewhere={(target, message) => {
              if (target === "name") {
                setNameError(message);
                go("name");
              } else {
                setCredentialErrors({ apiKey: message });
                backToCredentials();
              }
            }}
          />
        ) : (
          <div className="flex items-center gap-2 text-sm text-muted">
            <Spinner /> Loading…
          </div>
        )}
      </div>
    </div>
  );
}
