import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader
        eyebrow="Settings"
        title="Your account"
        description={`Signed in as ${actor.email}. Changing your password signs you out everywhere else.`}
      />
      <ChangePasswordForm email={actor.email} />
    </>
  );
}
