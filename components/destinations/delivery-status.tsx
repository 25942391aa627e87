import { Badge } from "@/components/ui/badge";

export function DeliveryStatusBadge({ status }: { status: string }) {
  if (status === "delivered") return <Badge tone="success">Delivered</Badge>;
  if (status === "failed") return <Badge tone="danger">Failed</Badge>;
  return <Badge tone="warning">Pending</Badge>;
}
