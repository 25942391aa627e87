import { formatRelative } from "@/lib/text/format";
import type { SilenceFinding, SilenceReason } from "./silence";

/** MITRE ATT&CK technique a suspicious silence may be: an adversary turning the audit trail off. */
export const SILENCE_TECHNIQUE = { id: "T1562.008", name: "Impair Defenses: Disable or Modify Cloud Logs" } as const;

/** A silence as people read it: the reason code, whether it is suspicious, what it means and what to do. */
export type DescribedSilence = {
  reason: SilenceReason;
  suspicious: boolean;
  since: Date;
  label: string;
  message: string;
  action: string;
  technique: typeof SILENCE_TECHNIQUE | null;
};

export const SILENCE_LABELS: Record<SilenceReason, string> = {
  key_revoked: "API key revoked",
  rights_reduced: "Key's rights reduced",
  audit_log_gone: "Audit log gone",
  intake_behind: "Intake is behind",
  rapid7_quiet: "Rapid7 is quiet",
  silence_unverified: "Silent, not yet verified",
};

function words(silence: SilenceFinding): { message: string; action: string } {
  switch (silence.reason) {
    case "key_revoked":
      return {
        message:
          "Rapid7 rejects this source's API key (401): it was revoked, deleted or expired, so no audit event can be read.",
        action:
          "Find out who revoked the key and why (the people and actions seen last are listed in the security alert), then replace the key in Settings.",
      };
    case "rights_reduced":
      return {
        message:
          "The API key still works but may no longer read audit logs (403): someone took its Administrator rights away.",
        action: "Find out who changed the key's rights, then restore them in Rapid7 or replace the key.",
      };
    case "audit_log_gone":
      return {
        message: `${silence.missingAuditLogs} selected audit log${silence.missingAuditLogs === 1 ? " is" : "s are"} no longer in Rapid7's log list: audit logging was turned off or the log deleted.`,
        action:
          "Find out who turned audit logging off; turn it back on in Rapid7, then re-select the audit logs in Settings.",
      };
    case "intake_behind":
      return {
        message:
          silence.rapid7Events && silence.rapid7Events > 0
            ? "Rapid7 has events for this silent period that Intake has not stored: Intake is behind, not the organization quiet."
            : silence.worker === "offline"
              ? "No pull has completed lately and no worker is running: Intake is behind, not Rapid7."
              : "No pull has completed lately: Intake is behind (a backlog, or pulls waiting on a rate limit), not Rapid7.",
        action:
          "Check that a worker is running (the header shows it) and that the source's pulls succeed (Pull history).",
      };
    case "rapid7_quiet":
      return {
        message:
          "Rapid7 itself has no event for this source since the last one Intake stored: the organization is quiet.",
        action: "Nothing is missing. If activity was expected, check in Rapid7 which products feed these audit logs.",
      };
    case "silence_unverified":
      return {
        message:
          "No event was stored for longer than the no-events threshold; Intake has not asked Rapid7 yet whether it has any.",
        action: "The next credential re-check (every 15 minutes, or Re-check now on Health) asks Rapid7.",
      };
  }
}

export function describeSilence(silence: SilenceFinding, now: Date): DescribedSilence {
  const { message, action } = words(silence);
  return {
    reason: silence.reason,
    suspicious: silence.suspicious,
    since: silence.since,
    label: SILENCE_LABELS[silence.reason],
    message: `${message} Last event stored ${silence.lastEventStoredAt ? formatRelative(silence.lastEventStoredAt, now) : "never"}.`,
    action,
    technique: silence.suspicious ? SILENCE_TECHNIQUE : null,
  };
}
