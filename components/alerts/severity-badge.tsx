import { Badge } from "@/components/ui/badge";
import { isSeverity, SEVERITY_LABELS } from "@/lib/alerts/schemas";

const TONES = { critical: "danger", high: "warning", medium: "info", low: "neutral", info: "neutral" } as const;

export function SeverityBadge({ severity }: { severity: string }) {
  if (!isSeverity(severity)) return <Badge>{severity}</Badge>;
  return (
    <Badge tone={TONES[severity]} className={severity === "critical" ? "font-semibold" : undefined}>
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}
