import type { ReactNode } from "react";
import { AlertFilters } from "@/components/alerts/alert-filters";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";
import { listAlertedSources } from "@/lib/alerts/alerted-sources";

/**
 * The alert list's heading and filters stay mounted while its query string changes (Next
 * mounts the page afresh for each one), so a filter chosen from the keyboard keeps its focus.
 */
export default async function AlertListLayout({ children }: { children: ReactNode }) {
  await requirePageActor();
  const sources = await listAlertedSources();
  return (
    <>
      <PageHeader
        eyebrow="Investigate"
        title="Alerts"
        description="Raised when a source stops sending events, its API key is rejected, its pulls keep failing, or a detection rule matches."
      />
      <AlertFilters sources={sources} />
      {children}
    </>
  );
}
