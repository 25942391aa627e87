import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Log Sources" };

export default function LogSourcesPage() {
  return (
    <>
      <PageHeader eyebrow="Configure" title="Log Sources" description="Sources Intake pulls logs from, with their ingestion health." />
      <EmptyState title="No log sources yet">
        Connecting a source is not available in this version of Intake yet. When it is, your Rapid7 audit logs will be
        set up from here.
      </EmptyState>
    </>
  );
}
