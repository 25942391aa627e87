"use client";

import type { CoverageCell } from "./coverage-cells";
import { WINDOW_MS } from "@/lib/sources/coverage/windows";
import { cn } from "@/lib/ui/cn";
import { useHydrated } from "@/components/ui/use-hydrated";
import { COVERAGE_LOOK } from "./coverage-legend";

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

/**
 * One UTC day of a source's coverage: 96 cells of 15 minutes, so a week of strips is 672
 * cells on a source's page. Each says its state and counts in words: as hover text (title)
 * and as text for screen readers (a title alone is not read by every one); the shape every
 * cell shares is said once, on the list. The cells are drawn in the browser, as the page's
 * charts are: on the server they took a third of an established source's page time, and
 * the page carries their data anyway. Until the page has hydrated, the strip is an empty
 * bar of the same size.
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
        const summary = window
          ? windowSummary(window)
          : `${new Date(startMs).toISOString().slice(11, 16)} UTC: no window (before the source's timeline, or still to come).`;
        return (
          <li
            key={startMs}
            title={summary}
            data-state={window?.state ?? "none"}
            className={window ? COVERAGE_LOOK[window.state].cell : "bg-slate-800/60"}
          >
            <span className="sr-only">{summary}</span>
          </li>
        );
      })}
    </ol>
  );
}
