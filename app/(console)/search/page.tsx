import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Search" };

export default function SearchPage() {
  return (
    <>
      <PageHeader eyebrow="Investigate" title="Search" description="Find normalized events across your sources." />
      <EmptyState title="Search is not available yet">
        No events are stored in this version of Intake, so there is nothing to search. Search arrives with ingestion.
      </EmptyState>
    </>
  );
}
