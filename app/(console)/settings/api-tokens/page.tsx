import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/api-tokens/create-token-form";
import { TokenTable } from "@/components/api-tokens/token-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listApiTokens } from "@/lib/api-tokens/service";
import { isAdmin } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "API tokens" };

/** Everyone manages their own tokens here; admins also see (and may revoke) everyone else's. */
export default async function ApiTokensPage() {
  const actor = await requirePageActor();
  const admin = isAdmin(actor);
  const [own, all] = await Promise.all([
    listApiTokens({ ownerId: actor.id }),
    admin ? listApiTokens("everyone") : Promise.resolve([]),
  ]);
  const others = all.filter((token) => token.owner.id !== actor.id);

  return (
    <>
      <PageHeader
        eyebrow="Settings"
        title="API tokens"
        description={
          <>
            Personal tokens for the REST API under <code className="font-mono">/api/v1</code>. A token acts as you, with
            your role:
            {admin
              ? " yours can read sources and also pause, resume and pull them."
              : " yours can read sources; changes need an admin's token."}
          </>
        }
      />

      <Card className="mb-8 p-5">
        <h2 className="mb-4 text-base font-semibold text-white">Create a token</h2>
        <CreateTokenForm />
      </Card>

      <section aria-labelledby="own-tokens" className="mb-8">
        <h2 id="own-tokens" className="mb-3 text-base font-semibold text-white">
          Your tokens
        </h2>
        {own.length === 0 ? (
          <EmptyState title="You have no API tokens">
            Create one above, then send it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>,
            for example{" "}
            <code className="font-mono">curl -H &quot;Authorization: Bearer itk_…&quot; /api/v1/sources</code>.
          </EmptyState>
        ) : (
          <TokenTable tokens={own} showOwner={false} label="Your API tokens" />
        )}
      </section>

      {admin ? (
        <section aria-labelledby="other-tokens">
          <h2 id="other-tokens" className="mb-1 text-base font-semibold text-white">
            Other people&apos;s tokens
          </h2>
          <p className="mb-3 text-sm text-muted">
            As an admin you can revoke any token, for example when someone leaves.
          </p>
          {others.length === 0 ? (
            <EmptyState title="Nobody else has a token" />
          ) : (
            <TokenTable tokens={others} showOwner label="Other people's API tokens" />
          )}
        </section>
      ) : null}
    </>
  );
}
