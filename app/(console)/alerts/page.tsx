import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Alerts" };

export default function AlertsPage() {
  return (
    <>
      <PageHeader eyebrow="Investigate" title="Alerts" description="System health alerts and detection matches." />
      <EmptyState title="Alerts are not available yet">
        This version of Intake does not raise alerts yet. Nothing is hidden here: there is simply no alerting to show.
      </EmptyState>
    </>
  );
}
