import type { CoverageWindowView } from "@/lib/sources/coverage/view";
import { WINDOW_MS } from "@/lib/sources/coverage/windows";
import { cn } from "@/lib/ui/cn";
import { COVERAGE_LOOK } from "./coverage-legend";

/** One UTC day of a source's coverage: 96 cells of 15 minutes, each saying its state and both counts. */
const DAY_MS = 86_400_000;

function windowSummary(window: CoverageWindowView): string {
  const time = (iso: string) => iso.slice(11, 16);
  const counts =
    window.rapid7Count === null
      ? "Rapid7 not asked yet"
      : `Intake ${window.intakeCount ?? "?"}, Rapid7 ${window.rapid7Count}`;
  const repulls = window.repulls > 0 ? `, read again ${window.repulls}×` : "";
  return `${time(window.startsAt)}–${time(window.endsAt)} UTC: ${COVERAGE_LOOK[window.state].label}. ${counts}${repulls}.${window.reason ? ` ${window.reason}` : ""}`;
}

export function CoverageStrip({ dayStartMs, windows }: { dayStartMs: number; windows: CoverageWindowView[] }) {
  const byStart = new Map(windows.map((window) => [Date.parse(window.startsAt), window]));
  const day = new Date(dayStartMs).toISOString().slice(0, 10);
  const cells = Array.from({ length: DAY_MS / WINDOW_MS }, (_, index) => dayStartMs + index * WINDOW_MS);
  return (
    <ol
      className="flex h-6 gap-px"
      aria-label={`Coverage of ${day}, in 15-minute windows`}
      data-testid={`coverage-strip-${day}`}
    >
      {cells.map((startMs) => {
        const window = byStart.get(startMs);
        const label = window
          ? windowSummary(window)
          : `${new Date(startMs).toISOString().slice(11, 16)} UTC: no window (before the source's timeline, or still to come).`;
        return (
          <li
            key={startMs}
            title={label}
            aria-label={label}
            data-state={window?.state ?? "none"}
            className={cn(
              "min-w-0 flex-1 rounded-[1px]",
              window ? COVERAGE_LOOK[window.state].cell : "bg-slate-800/60",
            )}
          />
        );
      })}
    </ol>
  );
}
