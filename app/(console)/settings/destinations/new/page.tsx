import type { Metadata } from "next";
import { DestinationForm } from "@/components/destinations/destination-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Add alert destination" };

export default async function NewDestinationPage() {
  await requirePageAdmin();
  return (
    <>
      <PageHeader
        eyebrow="Alert destinations"
        title="Add destination"
        description="Intake sends alerts here when they open, resolve or reopen."
      />
      <DestinationForm />
    </>
  );
}
