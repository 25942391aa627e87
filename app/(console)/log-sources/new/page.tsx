import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { SourceCatalog } from "@/components/catalog/source-catalog";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create a log source" };

export default async function NewSourcePage() {
  await requirePageAdmin();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted">
        <Link href="/log-sources" className="hover:text-white">
          Log Sources
        </Link>{" "}
        / Create New
      </nav>
      <PageHeader
        title="Create a log source"
        description="Choose what to connect. Intake walks you through the setup and checks everything before it starts pulling."
      />
      <Suspense>
        <SourceCatalog />
      </Suspense>
    </>
  );
}
