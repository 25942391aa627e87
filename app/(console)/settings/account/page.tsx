import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { TimeZoneForm } from "@/components/users/time-zone-form";
import { requirePageActor } from "@/lib/auth/session";
import { timeZoneNames } from "@/lib/text/time-zones";
import { timeZoneOf } from "@/lib/users/preferences";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const actor = await requirePageActor();
  const timeZone = await timeZoneOf(actor.id);
  return (
    <>
      <PageHeader eyebrow="Settings" title="Your account" description={`Signed in as ${actor.email}.`} />
      <section aria-labelledby="time-zone-heading" className="mb-10">
        <h2 id="time-zone-heading" className="mb-3 font-semibold text-white">
          Time zone
        </h2>
        <TimeZoneForm current={timeZone} zones={timeZoneNames()} />
      </section>
      <section aria-labelledby="password-heading">
        <h2 id="password-heading" className="mb-1 font-semibold text-white">
          Password
        </h2>
        <p className="mb-4 text-sm text-muted">Changing your password signs you out everywhere else.</p>
        <ChangePasswordForm email={actor.email} />
      </section>
    </>
  );
}
