import type { SourceHealth } from "@/lib/sources/health/describe";
import type { SourceSummary } from "@/lib/sources/service";
import { formatDateTime } from "@/lib/text/format";
import { alertKey, type Evaluation, manuallyResolvedAt, PAUSED, raise, resolve, touch } from "./evaluation";
import { lastActivityOf } from "./last-activity";

/**
 * security_silence: the source went silent in a way that looks like someone cutting the
 * audit trail (MITRE ATT&CK T1562.008): its key revoked (401), its rights to audit logs
 * taken away (403), or an audit log gone from Rapid7's log list. Raised beside the health
 * alert (credentials, no_events), because the question it asks is not "how do I fix the
 * source" but "who did this, and what did they do just before". It carries the reason
 * code, the technique and the last people and actions seen; it resolves itself once the
 * cause is gone (the key works again, the rights and the logs are back).
 */
export async function securitySilence(
  source: SourceSummary,
  health: SourceHealth,
  evaluation: Evaluation,
): Promise<void> {
  const { now, openByKey } = evaluation;
  const key = alertKey("security_silence", source.id);
  const open = openByKey.get(key);
  const silence = health.silence?.suspicious ? health.silence : null;
  const openReason = (open?.context as { reason?: unknown } | null)?.reason;

  if (open) {
    if (source.paused) return resolve(key, PAUSED, evaluation);
    if (!silence)
      return resolve(
        key,
        `The cause is gone: ${health.silence ? `the source is now "${health.silence.label}", not a security concern` : "Rapid7 serves this source's audit logs to its key again"}.`,
        evaluation,
      );
    if (openReason === silence.reason) return touch(open, now);
  }
  if (!silence || source.paused) return;
  if (!open) {
    // Resolved by hand while the cause persisted: raised again once a later check still finds it.
    const manual = await manuallyResolvedAt(key);
    const checked = source.state?.credentialsCheckedAt ?? null;
    if (manual && (!checked || checked <= manual)) return;
  }

  const activity = await lastActivityOf(source.id);
  const seen = activity.length
    ? activity.map((entry) => `${entry.who}: ${entry.action} (last ${formatDateTime(entry.lastSeenAt)})`).join("; ")
    : "no stored events";
  await raise(
    key,
    {
      kind: "security_silence",
      severity: "critical",
      title: `Audit trail of ${source.name} silenced: ${silence.label}`,
      description: `${silence.message} This is how an attacker hides their tracks (MITRE ATT&CK ${silence.technique?.id} ${silence.technique?.name}). ${silence.action} Last people and actions seen before the silence: ${seen}.`,
      sourceId: source.id,
      context: {
        reason: silence.reason,
        technique: silence.technique,
        silentSince: silence.since.toISOString(),
        lastActivity: activity,
      },
    },
    evaluation,
  );
}
