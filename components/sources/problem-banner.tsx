import Link from "next/link";
import { Callout } from "@/components/ui/callout";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { OpenCriticalAlert } from "@/lib/alerts/open-alerts";
import type { SourceHealth } from "@/lib/sources/health/describe";

/**
 * The top of a source's Overview when something needs someone: Rapid7 rejects its key
 * (with the way to replace it), or a critical alert is open for it (with a link to each).
 */
export function ProblemBanner({
  sourceId,
  health,
  criticalAlerts,
  canManage,
}: {
  sourceId: string;
  health: SourceHealth;
  criticalAlerts: OpenCriticalAlert[];
  canManage: boolean;
}) {
  const credentials = health.checks.find((check) => check.id === "credentials");
  const keyRejected = credentials?.status === "failing";
  if (!keyRejected && criticalAlerts.length === 0) return null;
  return (
    <Callout
      tone="error"
      title={keyRejected ? "Rapid7 rejects this source's API key" : "A critical alert is open for this source"}
      className="mb-6"
    >
      <div data-testid="source-problem-banner" className="space-y-2">
        {keyRejected ? (
          <p>
            {credentials.message} Nothing is pulled until the key works again.{" "}
            {canManage ? (
              <Link href={`/log-sources/${sourceId}?tab=settings#credentials`} className="font-medium underline">
                Replace the API key
              </Link>
            ) : (
              "Ask an admin to replace the API key."
            )}
          </p>
        ) : null}
        {criticalAlerts.length > 0 ? (
          <ul className="space-y-1">
            {criticalAlerts.map((alert) => (
              <li key={alert.id}>
                <Link href={`/alerts/${alert.id}`} className="underline">
                  <UntrustedText text={alert.title} />
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Callout>
  );
}
