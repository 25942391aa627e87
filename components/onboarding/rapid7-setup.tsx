"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useReducer, useRef } from "react";
import { Spinner } from "@/components/ui/spinner";
import type { DetectionPackSummary } from "@/lib/detections/catalog";
import { createSourceAction } from "@/lib/sources/actions/create-source";
import { CredentialsStep } from "./credentials-step";
import { forgetDraft, saveDraft, useSavedDraft } from "./draft";
import { NameStep } from "./name-step";
import { runCheck } from "./setup-checks";
import { SetupStep } from "./setup-step";
import { Stepper } from "./stepper";
import { type FinishValues, SuccessStep } from "./success-step";
import { type FinishChoices, INITIAL_WIZARD, reduceWizard, stepFromParam } from "./wizard-machine";

/**
 * The Rapid7 setup flow: the view of the wizard machine (wizard-machine.ts). The step lives
 * in the URL (so Back and Forward work), what was typed in sessionStorage (so a reload
 * keeps it), and the API key only in memory. Setup's checks run when the person asks for
 * them, never because a step was shown. The source is created at Finish and nowhere before.
 */
export function Rapid7Setup({ packs }: { packs: DetectionPackSummary[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const urlStep = stepFromParam(useSearchParams().get("step"));
  const saved = useSavedDraft();
  const [state, dispatch] = useReducer(reduceWizard, INITIAL_WIZARD);

  // What the machine starts from and follows: the saved draft once it can be read, then
  // the URL's step. Handed over while rendering, as React does for state kept in step with props.
  if (!state.loaded && saved !== undefined) dispatch({ type: "draftLoaded", saved });
  else if (state.loaded && state.step !== urlStep) dispatch({ type: "urlChanged", step: urlStep });

  // The one effect: keeps the draft in storage, and carries out each command the machine
  // emitted (move the URL, run one of Setup's checks) exactly once.
  const performed = useRef(0);
  useEffect(() => {
    if (state.loaded) {
      if (state.finished) forgetDraft();
      else saveDraft(state.draft);
    }
    for (const command of state.commands) {
      if (command.id <= performed.current) continue;
      performed.current = command.id;
      if (command.kind === "navigate") {
        const url = `${pathname}?step=${command.to}`;
        if (command.mode === "push") router.push(url, { scroll: true });
        else router.replace(url, { scroll: true });
      } else if (command.kind === "back") router.back();
      else void runCheck(command).then(dispatch);
    }
  }, [state, pathname, router]);

  const saveChoices = useCallback((choices: FinishChoices) => dispatch({ type: "choicesChanged", choices }), []);

  const finish = async (values: FinishValues) => {
    const outcome = await createSourceAction(values);
    if (!outcome.ok) return outcome.error;
    dispatch({ type: "finished" });
    router.push(`/log-sources/${outcome.data.id}?created=1`);
    return null;
  };

  const { step, draft, apiKey, result } = state;
  if (!state.loaded || step === null) return <Loading />;

  return (
    <div className="mx-auto max-w-4xl">
      <Stepper current={step} credentialsVerified={state.checks.stages[0] === "done"} />
      <div className="rounded-xl border border-line bg-panel/60 p-6 sm:p-8" data-testid={`step-${step}`}>
        {step === "name" ? (
          <NameStep
            initialName={draft.name}
            initialError={state.nameError}
            onDone={(name) => dispatch({ type: "nameDone", name })}
          />
        ) : step === "credentials" ? (
          <CredentialsStep
            initialRegion={draft.region}
            initialApiKey={apiKey}
            initialErrors={state.credentialErrors}
            notice={state.notice}
            onBack={(typed) => dispatch({ type: "credentialsBack", ...typed })}
            onDone={(typed) => dispatch({ type: "credentialsDone", ...typed })}
          />
        ) : step === "setup" && apiKey ? (
          <SetupStep
            checks={state.checks}
            region={draft.region}
            onRun={() => dispatch({ type: "runRequested" })}
            onBack={(target) => dispatch({ type: "setupBack", target })}
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
            onBack={() => dispatch({ type: "finishBack" })}
            onFixElsewhere={(target, message) => dispatch({ type: "fixElsewhere", target, message })}
          />
        ) : (
          <Loading />
        )}
      </div>
    </div>
  );
}

function Loading() {
  return (
    <div className="flex items-center gap-2 text-sm text-muted">
      <Spinner /> Loading…
    </div>
  );
}
