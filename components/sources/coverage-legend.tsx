import type { CoverageState } from "@/lib/sources/coverage/windows";
import { cn } from "@/lib/ui/cn";

/**
 * How each coverage state looks and reads. Colour is never the only cue: every state has
 * its own fill pattern and a word, and each cell of the strip says its state and counts
 * when hovered or read by a screen reader.
 */
export const COVERAGE_LOOK: Record<CoverageState, { label: string; meaning: string; cell: string }> = {
  verified: {
    label: "Verified",
    meaning: "Intake stored exactly as many records as Rapid7 counts.",
    cell: "bg-emerald-500",
  },
  repaired: {
    label: "Repaired",
    meaning: "A gap was found and closed by reading the window again.",
    cell: "bg-sky-400 [background-image:radial-gradient(circle,rgba(15,23,42,0.8)_1.5px,transparent_1.6px)] [background-size:6px_6px]",
  },
  short: {
    label: "Short",
    meaning: "Rapid7 holds records Intake does not have, even after reading the window again.",
    cell: "bg-rose-500 [background-image:repeating-linear-gradient(45deg,rgba(15,23,42,0.7)_0_2px,transparent_2px_5px)]",
  },
  over: {
    label: "Over",
    meaning: "Intake holds more records than Rapid7 counts: records were removed from Rapid7, or mis-timed.",
    cell: "bg-fuchsia-500 [background-image:repeating-linear-gradient(-45deg,rgba(15,23,42,0.7)_0_2px,transparent_2px_5px),repeating-linear-gradient(45deg,rgba(15,23,42,0.7)_0_2px,transparent_2px_5px)]",
  },
  unverifiable: {
    label: "Unverifiable",
    meaning: "Rapid7 could not be asked for its count; the reason is listed.",
    cell: "bg-amber-400 [background-image:linear-gradient(rgba(15,23,42,0.7)_0_2px,transparent_2px)] [background-size:100%_5px]",
  },
  pending: {
    label: "Pending",
    meaning: "Not settled yet: Rapid7 may still be indexing records received in it.",
    cell: "bg-transparent ring-1 ring-inset ring-slate-500",
  },
};

export function CoverageSwatch({ state, className }: { state: CoverageState; className?: string }) {
  return (
    <span aria-hidden="true" className={cn("inline-block h-3 w-3 rounded-sm", COVERAGE_LOOK[state].cell, className)} />
  );
}

export function CoverageLegend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-label="What the colours and patterns mean">
      {(Object.keys(COVERAGE_LOOK) as CoverageState[]).map((state) => (
        <li key={state} className="flex items-center gap-1.5" title={COVERAGE_LOOK[state].meaning}>
          <CoverageSwatch state={state} />
          {COVERAGE_LOOK[state].label}
        </li>
      ))}
    </ul>
  );
}
