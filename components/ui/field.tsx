import type { CSSProperties, ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

/**
 * A labelled form control with its hint and, when invalid, its error right under it.
 * The error takes the hint's place in the same grid cell while the hint keeps holding its
 * space (invisibly), and `reserveLines` keeps room for an error longer than the hint, so
 * an error appearing does not push the rest of the form down.
 */
export function Field({
  id,
  label,
  hint,
  error,
  reserveLines,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  /** Lines kept for the hint or error; { narrow, wide } when the messages wrap more on small screens. */
  reserveLines?: number | { narrow: number; wide: number };
  children: ReactNode;
}) {
  const lines = typeof reserveLines === "number" ? { narrow: reserveLines, wide: reserveLines } : reserveLines;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-200">
        {label}
      </label>
      {children}
      {hint || lines ? (
        <div
          className={cn("grid", lines && "min-h-(--reserve-narrow) sm:min-h-(--reserve-wide)")}
          style={
            lines
              ? ({
                  "--reserve-narrow": `${lines.narrow * 1.25}rem`,
                  "--reserve-wide": `${lines.wide * 1.25}rem`,
                } as CSSProperties)
              : undefined
          }
        >
          {hint ? (
            <div
              id={`${id}-hint`}
              className={cn("col-start-1 row-start-1 text-xs leading-5 text-muted", error && "invisible")}
            >
              {hint}
            </div>
          ) : null}
          {error ? <ErrorText id={id} error={error} /> : null}
        </div>
      ) : error ? (
        <ErrorText id={id} error={error} />
      ) : null}
    </div>
  );
}

function ErrorText({ id, error }: { id: string; error: string }) {
  return (
    <p id={`${id}-error`} role="alert" className="col-start-1 row-start-1 text-sm leading-5 text-rose-400">
      {error}
    </p>
  );
}

/** aria attributes tying a control to its Field's error or hint. */
export function describedBy(id: string, error: string | undefined, hasHint = false) {
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hasHint ? `${id}-hint` : undefined,
  } as const;
}

/**
 * Hints that change as the person types (e.g. "United States - 3 → us3") sit on top of
 * the resting hint, which keeps its space, so the form below does not move as they type.
 */
export function SwappedHint({ resting, current }: { resting: ReactNode; current?: ReactNode }) {
  return (
    <span className="grid">
      <span className={cn("col-start-1 row-start-1", current ? "invisible" : undefined)}>{resting}</span>
      {current ? <span className="col-start-1 row-start-1">{current}</span> : null}
    </span>
  );
}
