import type { CoverageWindowView } from "@/lib/sources/coverage/view";
import { type CoverageState, WINDOW_MS } from "@/lib/sources/coverage/windows";

/** What the strip and the day's table show of a window (not when it was checked). */
export type CoverageCell = Omit<CoverageWindowView, "checkedAt">;

/**
 * A window as the source page sends it to the browser: a week is 672 of them, and as
 * objects with ISO times they were most of the page's bytes. The end is the start plus a
 * window.
 */
export type PackedCoverageCell = [
  startMs: number,
  state: CoverageState,
  intakeCount: number | null,
  rapid7Count: number | null,
  repulls: number,
  reason: string | null,
];

export function packCoverageCell(window: CoverageWindowView): PackedCoverageCell {
  return [
    Date.parse(window.startsAt),
    window.state,
    window.intakeCount,
    window.rapid7Count,
    window.repulls,
    window.reason,
  ];
}

export function unpackCoverageCell([
  startMs,
  state,
  intakeCount,
  rapid7Count,
  repulls,
  reason,
]: PackedCoverageCell): CoverageCell {
  return {
    startsAt: new Date(startMs).toISOString(),
    endsAt: new Date(startMs + WINDOW_MS).toISOString(),
    state,
    intakeCount,
    rapid7Count,
    repulls,
    reason,
  };
}
