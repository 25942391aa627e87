import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditLogPage() {
  return (
    <>
      <PageHeader eyebrow="Settings" title="Audit log" description="Every change made in this console, by whom and when." />
      <EmptyState title="The audit log is not available yet">
        This version of Intake does not record console changes yet.
      </EmptyState>
    </>
  );
}
