import { Badge } from "@/components/ui/badge";
import type { CheckStatus, SourceHealth } from "@/lib/sources/health/describe";
import { cn } from "@/lib/ui/cn";

const STATUS: Record<SourceHealth["status"], { label: string; tone: "success" | "danger" | "neutral" | "info" }> = {
  healthy: { label: "Healthy", tone: "success" },
  unhealthy: { label: "Unhealthy", tone: "danger" },
  paused: { label: "Paused", tone: "neutral" },
  pending: { label: "Pending first pull", tone: "info" },
};

const CHECK_DOT: Record<CheckStatus, string> = {
  ok: "bg-emerald-400",
  warning: "bg-amber-400",
  failing: "bg-rose-500",
  pending: "bg-slate-500",
};

/** The source's health; hovering or focusing it lists every check with its message. */
export function HealthBadge({ health, id }: { health: SourceHealth; id: string }) {
  const { label, tone } = STATUS[health.status];
  const tooltipId = `health-${id}`;
  return (
    <span className="group relative inline-flex">
      <button
        type="button"
        className="rounded-full"
        aria-describedby={tooltipId}
        data-testid="health-badge"
        data-status={health.status}
      >
        <Badge tone={tone}>{label}</Badge>
      </button>
      <span
        id={tooltipId}
        role="tooltip"
        className="pointer-events-none absolute left-0 top-full z-20 mt-2 hidden w-80 rounded-md border border-line bg-panel-raised p-3 text-left text-xs shadow-xl group-focus-within:block group-hover:block"
      >
        <span className="mb-2 block font-semibold text-white">{label}</span>
        {health.checks.map((check) => (
          <span key={check.id} className="mb-1.5 flex gap-2 last:mb-0">
            <span className={cn("mt-1 h-2 w-2 shrink-0 rounded-full", CHECK_DOT[check.status])} aria-hidden="true" />
            <span>
              <span className="font-medium text-slate-100">{check.label}:</span>{" "}
              <span className="text-slate-300">{check.message}</span>
            </span>
          </span>
        ))}
      </span>
    </span>
  );
}
