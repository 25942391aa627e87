import Link from "next/link";
import { Card } from "@/components/ui/card";
import { coverageOf, type CoverageWindowView } from "@/lib/sources/coverage/view";
import { COVERAGE_STATES } from "@/lib/sources/coverage/windows";
import { COVERAGE_LOOK, CoverageLegend } from "./coverage-legend";
import { CoverageDay } from "./coverage-day";
import { type PackedCoverageCell, packCoverageCell } from "./coverage-cells";
import { CoverageTable } from "./coverage-table";
import { Time } from "@/components/ui/time";

/**
 * A source's coverage on its page: a strip per UTC day for the last week, how far its
 * stored events are verified against Rapid7's own counts, the windows with a difference,
 * and every window's numbers per day. Loads its own data (a server component).
 */
const DAY_MS = 86_400_000;
const DAYS = 7;

export async function CoveragePanel({ sourceId, now = new Date() }: { sourceId: string; now?: Date }) {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const from = new Date(today - (DAYS - 1) * DAY_MS);
  const coverage = await coverageOf(sourceId, from, new Date(today + DAY_MS));
  const days = Array.from({ length: DAYS }, (_, index) => today - index * DAY_MS);
  const differences = coverage.windows.filter((w) => w.state !== "verified" && w.state !== "pending");
  const reportQuery = `?from=${from.toISOString()}&to=${new Date(today + DAY_MS).toISOString()}`;
  return (
    <Card className="mt-6 p-6">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-3">
        <div>
          <h2 className="font-semibold text-white">Coverage</h2>
          <p className="text-sm text-muted" data-testid="coverage-verified-up-to">
            {coverage.lastVerifiedUpTo ? (
              <>
                Last verified up to <Time value={coverage.lastVerifiedUpTo} format="absolute" />
              </>
            ) : (
              "Not verified yet: windows are compared with Rapid7 once they have settled (an hour after they end)."
            )}
          </p>
        </div>
        <div className="flex gap-3 text-sm">
          <Link
            className="text-sky-300 hover:underline"
            href={`/log-sources/${sourceId}/coverage-report${reportQuery}`}
          >
            Printable report
          </Link>
          <a className="text-sky-300 hover:underline" href={`/api/sources/${sourceId}/coverage-report${reportQuery}`}>
            Export JSON
          </a>
        </div>
      </div>
      <CoverageLegend />
      <p className="mt-2 text-sm text-slate-300" data-testid="coverage-totals">
        Last {DAYS} days:{" "}
        {COVERAGE_STATES.map((state) => `${coverage.totals[state]} ${COVERAGE_LOOK[state].label.toLowerCase()}`).join(
          ", ",
        )}
        .
      </p>
      <div className="mt-4 space-y-3">
        {days.map((dayStart) => (
          <CoverageDay key={dayStart} dayStartMs={dayStart} packed={windowsOfDay(coverage.windows, dayStart)} />
        ))}
      </div>
      {differences.length > 0 ? (
        <div className="mt-6">
          <h3 className="mb-2 text-sm font-semibold text-white">Windows with a difference</h3>
          <CoverageTable label="Coverage windows with a difference" windows={differences} />
        </div>
      ) : null}
    </Card>
  );
}

/** A day's windows, packed: the page sends them to the browser as data. */
function windowsOfDay(windows: CoverageWindowView[], dayStartMs: number): PackedCoverageCell[] {
  return windows
    .filter((w) => {
      const start = Date.parse(w.startsAt);
      return start >= dayStartMs && start < dayStartMs + DAY_MS;
    })
    .map(packCoverageCell);
}
