import { Badge } from "@/components/ui/badge";

export function AlertStatusBadge({ status }: { status: string }) {
  return status === "open" ? <Badge tone="danger">Open</Badge> : <Badge tone="success">Resolved</Badge>;
}
