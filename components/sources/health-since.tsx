import type { SourceHealth } from "@/lib/sources/health/describe";
import { Time } from "@/components/ui/time";

/** Beside the health badge: since when the source is in its state (its last health change), and "throttled"/"retrying" while it rides out transient errors. */
export function HealthSince({ health }: { health: SourceHealth }) {
  if (!health.since && !health.qualifier) return null;
  return (
    <span className="text-xs text-muted" data-testid="health-since">
      {health.qualifier ? <span className="mr-1 text-amber-200">{health.qualifier},</span> : null}
      {health.since ? (
        <span>
          since <Time value={health.since} />
        </span>
      ) : null}
    </span>
  );
}
