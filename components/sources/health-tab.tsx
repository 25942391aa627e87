import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { CheckStatus, SourceHealth } from "@/lib/sources/health/describe";
import { RecheckButton } from "./recheck-button";
import { Time } from "@/components/ui/time";

const STATUS: Record<CheckStatus, { label: string; tone: "success" | "warning" | "danger" | "neutral" }> = {
  ok: { label: "Passing", tone: "success" },
  warning: { label: "Warning", tone: "warning" },
  failing: { label: "Failing", tone: "danger" },
  pending: { label: "Pending", tone: "neutral" },
};

export function HealthTab({
  sourceId,
  health,
  canManage,
}: {
  sourceId: string;
  health: SourceHealth;
  canManage: boolean;
}) {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-300">
          Each check, since when it has been in its state, and what to do when it fails. The credentials are re-checked
          every 15 minutes.
        </p>
        {canManage ? <RecheckButton sourceId={sourceId} /> : null}
      </div>
      <ul className="space-y-3">
        {health.checks.map((check) => (
          <li key={check.id}>
            <Card className="p-4">
              <div
                className="flex flex-wrap items-center justify-between gap-2"
                data-testid={`check-${check.id}`}
                data-status={check.status}
              >
                <h3 className="font-medium text-white">{check.label}</h3>
                <span className="flex items-center gap-3 text-xs text-muted">
                  {check.since ? (
                    <span>
                      since <Time value={check.since} />
                    </span>
                  ) : null}
                  <Badge tone={STATUS[check.status].tone}>{STATUS[check.status].label}</Badge>
                </span>
              </div>
              <p className="mt-2 text-sm text-slate-200">{check.message}</p>
              {check.action ? (
                <p className="mt-1 text-sm text-amber-200">
                  <span className="font-medium">What to do:</span> {check.action}
                </p>
              ) : null}
              {check.reason ? <p className="mt-1 font-mono text-xs text-muted">reason: {check.reason}</p> : null}
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
