import type { Metadata } from "next";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Suspense } from "react";
import { Rapid7Setup } from "@/components/onboarding/rapid7-setup";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/auth/session";
import { listDetectionPacks } from "@/lib/detections/catalog";
import { RAPID7_AUDIT_LOG } from "@/lib/logtypes";

export const metadata: Metadata = { title: "Set up Rapid7" };

export default async function Rapid7SetupPage() {
  await requirePageAdmin();
  return (
    <>
      <Breadcrumb
        trail={[
          { label: "Log Sources", href: "/log-sources" },
          { label: "Create New", href: "/log-sources/new" },
        ]}
        current="Rapid7"
      />
      <PageHeader title="Set up Rapid7 audit logs" />
      <Suspense>
        <Rapid7Setup packs={listDetectionPacks(RAPID7_AUDIT_LOG)} />
      </Suspense>
    </>
  );
}
