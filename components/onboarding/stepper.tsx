import { cn } from "@/lib/ui/cn";
import { STEPS, type StepId } from "./wizard-machine";

export function Stepper({ current }: { current: StepId }) {
  const index = STEPS.findIndex((step) => step.id === current);
  return (
    <ol className="mb-8 flex flex-wrap items-center gap-x-2 gap-y-2 text-sm" aria-label="Setup progress">
      {STEPS.map((step, position) => {
        const state = position < index ? "done" : position === index ? "current" : "todo";
        return (
          <li key={step.id} className="flex items-center gap-2" aria-current={state === "current" ? "step" : undefined}>
            <span
              className={cn(
                "flex h-7 w-7 items-center justify-center rounded-full text-xs font-semibold",
                state === "done" && "bg-emerald-500/20 text-emerald-300",
                state === "current" && "bg-accent text-on-accent",
                state === "todo" && "bg-panel-raised text-muted",
              )}
            >
              {state === "done" ? "✓" : position + 1}
            </span>
            <span className={state === "todo" ? "text-muted" : "text-white"}>{step.label}</span>
            {position < STEPS.length - 1 ? <span className="mx-2 h-px w-8 bg-line" aria-hidden="true" /> : null}
          </li>
        );
      })}
    </ol>
  );
}
