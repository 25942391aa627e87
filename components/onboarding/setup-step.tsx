"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Spinner } from "@/components/ui/spinner";
import { parseRegion, regionLabel } from "@/lib/integrations/rapid7/regions";
import { cn } from "@/lib/ui/cn";
import type { SetupChecks, StageState } from "./wizard-machine";

/**
 * Shows Setup's checks with Rapid7 as they run, and what to do when one fails. Running
 * them is the wizard machine's job (wizard-machine.ts): this step only displays them and asks for
 * another run, so arriving here through the browser's history repeats nothing.
 */
export function SetupStep({
  checks,
  region,
  onRun,
  onBack,
}: {
  checks: SetupChecks;
  region: string;
  onRun: () => void;
  onBack: (target: "name" | "credentials") => void;
}) {
  const code = parseRegion(region);
  const heading = useRef<HTMLHeadingElement>(null);
  const failureHeading = useRef<HTMLHeadingElement>(null);

  // The credentials form that had focus is gone; without this, focus falls to the page's body.
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (checks.status === "failed") failureHeading.current?.focus();
  }, [checks.status]);

  const labels = [
    `Checking the API key in ${code ? regionLabel(code) : region} (${code ?? region})`,
    "Finding your organization's audit logs",
    "Reading the latest audit events (needs Administrator rights)",
  ];
  const failure = checks.status === "failed" ? checks.failure : null;
  const backTarget = failure?.field === "name" ? "name" : "credentials";

  return (
    <div className="max-w-xl space-y-6">
      <div>
        <h2 ref={heading} tabIndex={-1} className="text-lg font-semibold text-white focus:outline-none">
          Setup
        </h2>
        <p className="mt-1 text-sm text-muted">
          Intake checks your credentials with Rapid7. Nothing is saved until you finish.
        </p>
      </div>
      <ol className="space-y-3" aria-live="polite" data-testid="setup-stages">
        {labels.map((label, index) => (
          <Stage key={label} label={label} state={checks.stages[index] ?? "waiting"} />
        ))}
      </ol>
      {failure ? (
        <Callout tone="error">
          <h3 ref={failureHeading} tabIndex={-1} className="font-medium focus:outline-none">
            Setup could not finish
          </h3>
          <p className="mt-1 opacity-90" data-testid="setup-error">
            {failure.message}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            {failure.retryable ? (
              <Button size="sm" onClick={onRun}>
                Try again
              </Button>
            ) : null}
            <Button size="sm" variant="secondary" onClick={() => onBack(backTarget)}>
              {backTarget === "name" ? "Back to name" : "Back to credentials"}
            </Button>
          </div>
        </Callout>
      ) : checks.status === "stopped" || checks.status === "idle" ? (
        <Callout tone="info">
          <p data-testid="setup-not-running">
            {checks.status === "stopped"
              ? "The checks stopped when you left this step; nothing was saved."
              : "The checks run when you ask for them; nothing was saved."}
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button size="sm" onClick={onRun}>
              Run the checks
            </Button>
            <Button size="sm" variant="secondary" onClick={() => onBack("credentials")}>
              Back to credentials
            </Button>
          </div>
        </Callout>
      ) : null}
    </div>
  );
}

function Stage({ label, state }: { label: string; state: StageState }) {
  return (
    <li className="flex items-center gap-3 text-sm" data-state={state}>
      <span className="flex h-6 w-6 items-center justify-center">
        {state === "running" ? (
          <Spinner className="text-accent" label="In progress" />
        ) : (
          <span
            className={cn(
              "flex h-5 w-5 items-center justify-center rounded-full text-[11px] font-bold",
              state === "done" && "bg-emerald-500/20 text-emerald-300",
              state === "failed" && "bg-rose-500/20 text-rose-300",
              state === "waiting" && "bg-panel-raised text-muted",
            )}
            aria-hidden="true"
          >
            {state === "done" ? "✓" : state === "failed" ? "!" : ""}
          </span>
        )}
      </span>
      <span className={state === "waiting" ? "text-muted" : "text-slate-100"}>
        {label}
        <span className="sr-only"> ({state})</span>
      </span>
    </li>
  );
}
