import { Callout } from "@/components/ui/callout";
import type { SourceHealth } from "@/lib/sources/health/describe";

/**
 * Why the source is silent, above its tabs: a security callout when someone may have cut
 * the audit trail (key revoked, rights reduced, audit log gone), a warning otherwise.
 */
export function SilenceCallout({ silence }: { silence: SourceHealth["silence"] }) {
  if (!silence) return null;
  return (
    <Callout
      tone={silence.suspicious ? "error" : "warning"}
      title={silence.suspicious ? `Security: ${silence.label}` : silence.label}
      className="mb-6"
    >
      <div data-testid="silence-reason" data-reason={silence.reason} className="space-y-1">
        <p>{silence.message}</p>
        <p>
          <span className="font-medium">What to do:</span> {silence.action}
        </p>
        {silence.technique ? (
          <p>
            Matches MITRE ATT&amp;CK {silence.technique.id} ({silence.technique.name}); see the security alert for the
            last people and actions seen.
          </p>
        ) : null}
        <p className="font-mono text-xs opacity-80">reason: {silence.reason}</p>
      </div>
    </Callout>
  );
}
