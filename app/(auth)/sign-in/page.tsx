import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { currentActor } from "@/lib/auth/session";
import { hasAnyUser } from "@/lib/users/service";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await connection();
  if (!(await hasAnyUser())) redirect("/setup");
  if (await currentActor()) redirect("/");
  const params = await searchParams;
  // Only a path on this console: //other-host or /\other-host would leave the site after signing in.
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  return (
    <AuthCard title="Sign in to Intake" subtitle="Use the email and password an admin of this console gave you.">
      <SignInForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
