import type { SourceHealth } from "@/lib/sources/health/describe";
import type { SourceSummary } from "@/lib/sources/service";
import { alertKey, type Evaluation, manuallyResolvedAt, PAUSED, raise, resolve, touch } from "./evaluation";

/**
 * coverage: the source's Coverage check (lib/sources/coverage) found windows whose count
 * still differs from Rapid7's own. Critical when Intake holds more than Rapid7 counts
 * (records removed from Rapid7's audit log after Intake stored them: someone editing the
 * trail), high when records are still missing after the window was read again. Resolved
 * when no window differs any more (re-read, or aged out with the source's retention).
 */
const SEVERITY: Record<string, "critical" | "high"> = { coverage_over: "critical", coverage_short: "high" };

export async function coverageGap(source: SourceSummary, health: SourceHealth, evaluation: Evaluation): Promise<void> {
  const { now, openByKey } = evaluation;
  const key = alertKey("coverage", source.id);
  const open = openByKey.get(key);
  const check = health.checks.find((candidate) => candidate.id === "coverage");
  const severity = check?.reason ? SEVERITY[check.reason] : undefined;

  if (open && !severity) {
    if (source.paused) return resolve(key, PAUSED, evaluation);
    return resolve(key, "Every coverage window now matches Rapid7's count.", evaluation);
  }
  if (!check || !severity || source.paused) return;
  if (open && open.severity === severity && open.description === describe(check)) return touch(open, now);
  if (!open) {
    // Resolved by hand: not raised again for the same differences (only a newer oldest window would).
    const manual = await manuallyResolvedAt(key);
    if (manual && check.since && check.since < manual) return;
  }
  await raise(
    key,
    {
      kind: "coverage",
      severity,
      title:
        severity === "critical"
          ? `Records of ${source.name} were removed from Rapid7's audit log`
          : `Records of ${source.name} are missing after re-reading`,
      description: describe(check),
      sourceId: source.id,
      context: { reason: check.reason, oldestWindow: check.since?.toISOString() ?? null },
    },
    evaluation,
  );
}

const describe = (check: SourceHealth["checks"][number]) => `${check.message} ${check.action ?? ""}`.trim();
