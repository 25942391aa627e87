import { Badge } from "@/components/ui/badge";

export function ResultBadge({ result }: { result: string | null }) {
  if (!result) return <span className="text-muted">—</span>;
  const tone = result === "SUCCESS" ? "success" : result === "FAILURE" ? "danger" : "neutral";
  return <Badge tone={tone}>{result}</Badge>;
}
