import { cn } from "@/lib/ui/cn";
import { STEPS, type StepId } from "./wizard-machine";

type StepState = "done" | "unverified" | "current" | "todo";

/**
 * Where the person is in the setup. Set Credentials counts as done only once Rapid7
 * accepted the key (Setup's first check passed): while the check runs, or after it
 * failed, the step is passed but not done.
 */
export function Stepper({ current, credentialsVerified }: { current: StepId; credentialsVerified: boolean }) {
  const index = STEPS.findIndex((step) => step.id === current);
  return (
    <ol className="mb-8 flex flex-wrap items-center gap-x-2 gap-y-2 text-sm" aria-label="Setup progress">
      {STEPS.map((step, position) => {
        const state: StepState =
          position === index
            ? "current"
            : position > index
              ? "todo"
              : step.id === "credentials" && !credentialsVerified
                ? "unverified"
                : "done";
        return (
          <li
            key={step.id}
            className="flex items-center gap-2"
            data-state={state}
            aria-current={state === "current" ? "step" : undefined}
          >
            <span
              className={cn(
                "flex h-7 w-7 items-center justify-center rounded-full text-xs font-semibold",
                state === "done" && "bg-emerald-500/20 text-emerald-300",
                state === "unverified" && "bg-panel-raised text-amber-200 ring-1 ring-inset ring-amber-400/60",
                state === "current" && "bg-accent text-on-accent",
                state === "todo" && "bg-panel-raised text-muted",
              )}
              aria-hidden="true"
            >
              {state === "done" ? "✓" : position + 1}
            </span>
            <span className={state === "todo" ? "text-muted" : "text-white"}>{step.label}</span>
            {state === "done" ? <span className="sr-only">(done)</span> : null}
            {state === "unverified" ? <span className="sr-only">(not verified yet)</span> : null}
            {position < STEPS.length - 1 ? <span className="mx-2 h-px w-8 bg-line" aria-hidden="true" /> : null}
          </li>
        );
      })}
    </ol>
  );
}
