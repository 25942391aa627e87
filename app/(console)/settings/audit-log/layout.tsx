import type { ReactNode } from "react";
import { AuditFilters } from "@/components/audit/audit-filters";
import { PageHeader } from "@/components/ui/page-header";
import { auditFilterOptions } from "@/lib/audit/service";
import { requirePageActor } from "@/lib/auth/session";

/**
 * The audit log's heading and filters stay mounted while its query string changes (Next
 * mounts the page afresh for each one), so a date being typed keeps its field.
 */
export default async function AuditLogLayout({ children }: { children: ReactNode }) {
  await requirePageActor();
  const options = await auditFilterOptions();
  return (
    <>
      <PageHeader
        eyebrow="Settings"
        title="Audit log"
        description="Every change made in this console and every sign-in, by whom, when and from where. Entries are hash-chained: changing, removing or re-ordering one is detected."
      />
      <AuditFilters actions={options.actions} targetTypes={options.targetTypes} />
      {children}
    </>
  );
}
