import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DestinationForm } from "@/components/destinations/destination-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/auth/session";
import type { DestinationType } from "@/lib/destinations/schemas";
import { type DestinationSummary, getDestination } from "@/lib/destinations/service";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Edit alert destination" };

type Props = { params: Promise<{ id: string }> };

export default async function EditDestinationPage({ params }: Props) {
  await requirePageAdmin();
  const { id } = await params;
  let destination: DestinationSummary;
  try {
    destination = await getDestination(id);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <>
      <PageHeader
        eyebrow="Alert destinations"
        title={`Edit ${destination.name}`}
        description={`Currently sending to ${destination.urlHint}/… (the full URL is stored encrypted).`}
      />
      <DestinationForm
        existing={{
          id: destination.id,
          name: destination.name,
          type: destination.type as DestinationType,
          urlHint: destination.urlHint,
          hasSecret: destination.hasSecret,
          alertKinds: destination.alertKinds,
          minSeverity: destination.minSeverity,
          enabled: destination.enabled,
        }}
      />
    </>
  );
}
