import type { ReactNode } from "react";
import { CreateSourceLink } from "@/components/sources/create-source-link";
import { SourceListFilters } from "@/components/sources/source-list-filters";
import { PageHeader } from "@/components/ui/page-header";
import { isAdmin } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { hasAnySources } from "@/lib/sources/dashboard";

/**
 * The list's heading and filters stay mounted while its query string changes (Next mounts
 * the page afresh for each one), so typing a name is never interrupted by the results.
 */
export default async function LogSourcesListLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  const anySources = await hasAnySources();
  return (
    <>
      <PageHeader
        eyebrow="Configure"
        title="Log Sources"
        description="Sources Intake pulls logs from, and how their ingestion is doing."
        actions={isAdmin(actor) ? <CreateSourceLink /> : null}
      />
      {anySources ? <SourceListFilters /> : null}
      {children}
    </>
  );
}
