"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { type PackedCoverageCell, unpackCoverageCell } from "./coverage-cells";
import { CoverageStrip } from "./coverage-strip";
import { CoverageTable } from "./coverage-table";

/**
 * One UTC day of the coverage panel: its strip, and its windows' numbers behind a
 * disclosure. A client component so the page sends the windows once, as data, rather than
 * as rendered cells and rows; the day's table is rendered only once it is opened (a week
 * of windows is 672 rows nobody reads until they ask).
 */
export function CoverageDay({ dayStartMs, packed }: { dayStartMs: number; packed: PackedCoverageCell[] }) {
  const windows = useMemo(() => packed.map(unpackCoverageCell), [packed]);
  const [open, setOpen] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  // Opened before the page hydrated: the toggle event came before its listener.
  useEffect(() => {
    if (details.current?.open) setOpen(true);
  }, []);
  const day = new Date(dayStartMs).toISOString().slice(0, 10);
  return (
    <div>
      <div className="mb-1 text-xs text-muted">{day}</div>
      <CoverageStrip dayStartMs={dayStartMs} windows={windows} />
      {windows.length > 0 ? (
        <details ref={details} className="mt-1 text-sm" onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary className="cursor-pointer text-xs text-muted hover:text-white">
            Numbers for {day} ({windows.length} windows)
          </summary>
          {open ? <CoverageTable label={`Coverage windows of ${day}`} windows={windows} /> : null}
        </details>
      ) : null}
    </div>
  );
}
