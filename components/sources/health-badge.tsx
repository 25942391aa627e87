import { Badge } from "@/components/ui/badge";
import type { SourceHealth } from "@/lib/sources/health/describe";
import { HealthDetails } from "./health-details";

const STATUS: Record<SourceHealth["status"], { label: string; tone: "success" | "danger" | "neutral" | "info" }> = {
  healthy: { label: "Healthy", tone: "success" },
  unhealthy: { label: "Unhealthy", tone: "danger" },
  paused: { label: "Paused", tone: "neutral" },
  pending: { label: "Pending first pull", tone: "info" },
};

export function healthLabel(status: SourceHealth["status"]): string {
  return STATUS[status].label;
}

/** What the badge shows of a source's health: its status and each check's words. */
export type HealthBadgeView = {
  status: SourceHealth["status"];
  checks: Pick<SourceHealth["checks"][number], "id" | "label" | "status" | "message">[];
};

/** Of a source's health, what the badge shows: what a page sends for it to the browser. */
export function healthBadgeView(health: HealthBadgeView): HealthBadgeView {
  return {
    status: health.status,
    checks: health.checks.map(({ id, label, status, message }) => ({ id, label, status, message })),
  };
}

/** The source's health; hovering or focusing it lists every check with its message. */
export function HealthBadge({
  health,
}: {
  health: HealthBadgeView;
  /** The source's id; the details get their own from Radix. */ id: string;
}) {
  const { label, tone } = STATUS[health.status];
  return (
    <HealthDetails label={label} status={health.status} checks={healthBadgeView(health).checks}>
      <Badge tone={tone}>{label}</Badge>
    </HealthDetails>
  );
}
