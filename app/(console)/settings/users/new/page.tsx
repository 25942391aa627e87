import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { AddUserForm } from "@/components/users/add-user-form";
import { requirePageAdmin } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Add user" };

export default async function NewUserPage() {
  await requirePageAdmin();
  return (
    <>
      <PageHeader eyebrow="Settings · Users" title="Add user" description="Give a colleague access to this console." />
      <AddUserForm />
    </>
  );
}
