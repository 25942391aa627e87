import Link from "next/link";
import { Callout } from "@/components/ui/callout";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";

/**
 * Confirms an added user on the list the form returns to. Only a user who exists is
 * named: the address comes from the URL, so it never puts arbitrary text on the page.
 */
export function AddedUserNotice({ user }: { user: { name: string; email: string; role: Role } | undefined }) {
  if (!user) return null;
  return (
    <Callout tone="success" title="User added" className="mb-6">
      <p data-testid="added-user">
        {user.name} ({user.email}) can now sign in as an {ROLE_LABELS[user.role]} with the initial password you chose.
        Share it with them over a channel you trust.{" "}
        <Link href="/settings/users" className="underline">
          Dismiss
        </Link>
      </p>
    </Callout>
  );
}
