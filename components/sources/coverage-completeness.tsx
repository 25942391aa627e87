import { Badge } from "@/components/ui/badge";
import type { Completeness } from "@/lib/sources/coverage/view";
import { COVERAGE_STATES } from "@/lib/sources/coverage/windows";
import { COVERAGE_LOOK } from "./coverage-legend";
import { Time } from "@/components/ui/time";

/** The Log Sources list's completeness column: the worst coverage finding of the last 7 days, in words. */
export function CoverageCompleteness({ completeness }: { completeness: Completeness }) {
  const { totals, lastVerifiedUpTo } = completeness;
  const detail = `Last 7 days: ${COVERAGE_STATES.map((s) => `${totals[s]} ${COVERAGE_LOOK[s].label.toLowerCase()}`).join(", ")}`;
  if (totals.short > 0)
    return (
      <Badge tone="danger" title={detail}>
        {totals.short} window{totals.short === 1 ? "" : "s"} short
      </Badge>
    );
  if (totals.over > 0)
    return (
      <Badge tone="danger" title={detail}>
        {totals.over} window{totals.over === 1 ? "" : "s"} over
      </Badge>
    );
  if (totals.unverifiable > 0)
    return (
      <Badge tone="warning" title={detail}>
        {totals.unverifiable} unverifiable
      </Badge>
    );
  if (lastVerifiedUpTo)
    return (
      <span className="text-slate-300" title={detail}>
        Complete to <Time value={lastVerifiedUpTo} />
      </span>
    );
  return (
    <span className="text-muted" title={detail}>
      Not verified yet
    </span>
  );
}
