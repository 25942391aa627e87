import type { Metadata } from "next";
import Link from "next/link";
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
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted">
        <Link href="/log-sources" className="hover:text-white">
          Log Sources
        </Link>{" "}
        /{" "}
        <Link href="/log-sources/new" className="hover:text-white">
          Create New
        </Link>{" "}
        / Rapid7
      </nav>
      <PageHeader title="Set up Rapid7 audit logs" />
      <Suspense>
        <Rapid7Setup packs={listDetectionPacks(RAPID7_AUDIT_LOG)} />
      </Suspense>
    </>
  );
}
