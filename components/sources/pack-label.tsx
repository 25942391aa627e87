import type { DetectionPackSummary } from "@/lib/detections/catalog";

export function PackLabel({ pack }: { pack: DetectionPackSummary }) {
  return (
    <>
      <span className="block font-medium text-white">
        {pack.name} <span className="text-xs text-muted">({pack.ruleCount} rules)</span>
      </span>
      <span className="text-slate-300">{pack.description}</span>
    </>
  );
}
