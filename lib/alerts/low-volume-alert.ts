import type { SourceHealth } from "@/lib/sources/health/describe";
import type { SourceSummary } from "@/lib/sources/service";
import { alertKey, type Evaluation, manuallyResolvedAt, PAUSED, raise, resolve, touch } from "./evaluation";

/**
 * low_volume: the source's Volume check (lib/sources/health/volume.ts) found the last full
 * hour far below the usual for that hour of the week: medium under the warning share, high
 * under the error share (an open alert escalates). Resolved when volume is back, while a
 * maintenance window runs, or when the alert is turned off.
 */
const SEVERITY: Record<string, "medium" | "high"> = { low_volume_warning: "medium", low_volume_error: "high" };

export async function lowVolume(source: SourceSummary, health: SourceHealth, evaluation: Evaluation): Promise<void> {
  const { now, openByKey } = evaluation;
  const key = alertKey("low_volume", source.id);
  const open = openByKey.get(key);
  const check = health.checks.find((candidate) => candidate.id === "volume");
  const severity = check?.reason ? SEVERITY[check.reason] : undefined;

  if (open && !severity) {
    if (source.paused) return resolve(key, PAUSED, evaluation);
    if (!check) return resolve(key, "The low-volume alert was turned off for this source.", evaluation);
    return resolve(
      key,
      check.reason === "maintenance" ? `Suppressed: ${check.message}` : `Volume is back: ${check.message}`,
      evaluation,
    );
  }
  if (!check || !severity || source.paused) return;
  if (open && open.severity === severity && open.description === check.message) return touch(open, now);
  if (!open) {
    // Resolved by hand: raised again for a later hour that is still low.
    const manual = await manuallyResolvedAt(key);
    if (manual && check.since && check.since < manual) return;
  }
  await raise(
    key,
    {
      kind: "low_volume",
      severity,
      title: `Low volume from ${source.name}`,
      description: check.message,
      sourceId: source.id,
      context: { reason: check.reason, hour: check.since?.toISOString() ?? null },
    },
    evaluation,
  );
}
