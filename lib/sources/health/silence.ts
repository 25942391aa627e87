import type { HealthFinding, HealthInput } from "./rules";

/**
 * Why a source is silent, as a stable reason code (health `silence.reason`, the REST API,
 * and the security_silence alert's context). Silence is suspicious when someone may have
 * cut the audit trail on purpose (MITRE ATT&CK T1562.008, Disable or Modify Cloud Logs):
 *
 *   key_revoked         Rapid7 rejects the key (401): it was revoked or deleted.
 *   rights_reduced      The key works but may no longer read audit logs (403).
 *   audit_log_gone      A selected audit log left Rapid7's log list (audit logging turned off, or the log deleted).
 *   intake_behind       Intake itself is behind: no pull completed lately (no worker, or a backlog), or
 *                       Rapid7 has events for the silent period that Intake has not stored.
 *   rapid7_quiet        Rapid7 itself counts no event since the last stored one: the organization is quiet.
 *   silence_unverified  Silent past the no-events threshold, and Rapid7 was not asked yet (the next
 *                       credential re-check asks it).
 */
export const SILENCE_REASONS = [
  "key_revoked",
  "rights_reduced",
  "audit_log_gone",
  "intake_behind",
  "rapid7_quiet",
  "silence_unverified",
] as const;
export type SilenceReason = (typeof SILENCE_REASONS)[number];

/** The reasons that raise a security alert: they look like someone cutting the audit trail. */
export const SUSPICIOUS_SILENCE_REASONS: readonly SilenceReason[] = ["key_revoked", "rights_reduced", "audit_log_gone"];

export type SilenceFinding = {
  reason: SilenceReason;
  suspicious: boolean;
  /** Silent since: when Intake last stored an event (or the source was added). */
  since: Date;
  lastEventStoredAt: Date | null;
  missingAuditLogs: number;
  worker: HealthInput["worker"];
  rapid7Events: number | null;
};

/**
 * The silence reason for a source, or null while it is not silent. A rejected key or a
 * vanished audit log is silence from the moment it is found (nothing more can be read);
 * otherwise the source is silent when pulls stalled or its no-events threshold passed.
 */
export function silenceFinding(input: HealthInput, flowing: HealthFinding): SilenceFinding | null {
  const state = input.state;
  if (!state) return null;
  const lastEventStoredAt = state.lastEventStoredAt;
  const since = lastEventStoredAt ?? input.createdAt;
  const missingAuditLogs = state.missingAuditLogIds?.length ?? 0;
  const found = (reason: SilenceReason, rapid7Events: number | null = null): SilenceFinding => ({
    reason,
    suspicious: SUSPICIOUS_SILENCE_REASONS.includes(reason),
    since,
    lastEventStoredAt,
    missingAuditLogs,
    worker: input.worker,
    rapid7Events,
  });
  if (state.credentialsStatus === "invalid") return found("key_revoked");
  if (state.credentialsStatus === "forbidden") return found("rights_reduced");
  if (missingAuditLogs > 0) return found("audit_log_gone");
  if (flowing.code === "pulls_stalled") return found("intake_behind");
  if (flowing.code !== "no_recent_events") return null;
  // Only an answer Rapid7 gave during this silence counts (an event stored since starts a new one).
  const asked = state.silenceProbeAt && state.silenceProbeAt > since ? (state.silenceProbeEvents ?? null) : null;
  if (asked === null) return found("silence_unverified");
  return asked > 0 ? found("intake_behind", asked) : found("rapid7_quiet", 0);
}
