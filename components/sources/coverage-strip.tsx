"use client";

import type { CoverageWindowView } from "@/lib/sources/coverage/view";
import { WINDOW_MS } from "@/lib/sources/coverage/windows";
import { cn } from "@/lib/ui/cn";
import { useHydrated } from "@/components/ui/use-hydrated";
import { COVERAGE_LOOK } from "./coverage-legend";

/** One UTC day of a source's coverage: 96 cells of 15 minutes, each saying its state and both counts. */
const DAY_MS = 86_400_000;

function windowSummary(window: CoverageCell): string {
  const time = (iso: string) => iso.slice(11, 16);
  const counts =
    window.rapid7Count === null
      ? "Rapid7 not asked yet"
      : `Intake ${window.intakeCount ?? "?"}, Rapid7 ${window.rapid7Count}`;
  const repulls = window.repulls > 0 ? `, read again ${window.repulls}×` : "";
  return `${time(window.startsAt)}–${time(window.endsAt)} UTC: ${COVERAGE_LOOK[window.state].label}. ${counts}${repulls}.${window.reason ? ` ${window.reason}` : ""}`;
}

/** What the strip and the day's table show of a window (not when it was checked). */
export type CoverageCell = Omit<CoverageWindowView, "checkedAt">;

/**
 * A week of strips is 672 cells on a source's page, so each cell is kept to its title
 * (the hover text, and its accessible name: a title names an element that has no other
 * name), its state and its fill; the shape every cell shares is said once, on the list.
 * The cells are drawn in the browser, as the page's charts are: on the server they took
 * a third of an established source's page time, and the page carries their data anyway.
 * Until the page has hydrated, the strip is an empty bar of the same size.
 */
export function CoverageStrip({ dayStartMs, windows }: { dayStartMs: number; windows: CoverageCell[] }) {
  const hydrated = useHydrated();
  const byStart = new Map(windows.map((window) => [Date.parse(window.startsAt), window]));
  const day = new Date(dayStartMs).toISOString().slice(0, 10);
  const cells = hydrated
    ? Array.from({ length: DAY_MS / WINDOW_MS }, (_, index) => dayStartMs + index * WINDOW_MS)
    : [];
  return (
    <ol
      className={cn("flex h-6 gap-px *:min-w-0 *:flex-1 *:rounded-[1px]", !hydrated && "rounded-[1px] bg-slate-800/30")}
      aria-busy={!hydrated}
      aria-label={`Coverage of ${day}, in 15-minute windows`}
      data-testid={`coverage-strip-${day}`}
    >
      {cells.map((startMs) => {
        const window = byStart.get(startMs);
        return window ? (
          <li
            key={startMs}
            title={windowSummary(window)}
            data-state={window.state}
            className={COVERAGE_LOOK[window.state].cell}
          />
        ) : (
          <li
            key={startMs}
            title={`${new Date(startMs).toISOString().slice(11, 16)} UTC: no window (before the source's timeline, or still to come).`}
            data-state="none"
            className="bg-slate-800/60"
          />
        );
      })}
    </ol>
  );
}
