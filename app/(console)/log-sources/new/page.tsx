import type { Metadata } from "next";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Suspense } from "react";
import { SourceCatalog } from "@/components/catalog/source-catalog";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create a log source" };

export default async function NewSourcePage() {
  await requirePageAdmin();
  return (
    <>
      <Breadcrumb trail={[{ label: "Log Sources", href: "/log-sources" }]} current="Create New" />
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
