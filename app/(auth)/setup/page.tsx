import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { FirstAdminForm } from "@/components/auth/first-admin-form";
import { hasAnyUser } from "@/lib/users/service";

export const metadata: Metadata = { title: "Create the first admin" };

export default async function SetupPage() {
  await connection();
  if (await hasAnyUser()) redirect("/sign-in");
  return (
    <AuthCard
      title="Welcome to Intake"
      subtitle="No one has an account yet. Create the first admin: this page disappears once that account exists."
    >
      <FirstAdminForm />
    </AuthCard>
  );
}
