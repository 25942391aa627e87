import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { ApiTokenStatus, ApiTokenSummary } from "@/lib/api-tokens/service";
import { formatDateTime, formatRelative } from "@/lib/ui/format";
import { RevokeTokenButton } from "./revoke-token-button";

const STATUS: Record<ApiTokenStatus, { label: string; tone: "success" | "warning" | "neutral" }> = {
  active: { label: "Active", tone: "success" },
  expired: { label: "Expired", tone: "warning" },
  revoked: { label: "Revoked", tone: "neutral" },
};

/** Tokens as a list: only their prefix is ever shown again. */
export function TokenTable({
  tokens,
  showOwner,
  label,
}: {
  tokens: ApiTokenSummary[];
  showOwner: boolean;
  label: string;
}) {
  return (
    <Card className="overflow-x-auto">
      <table className="w-full min-w-[760px] text-left text-sm" aria-label={label}>
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Name
            </th>
            {showOwner ? (
              <th scope="col" className="px-4 py-3 font-medium">
                Owner
              </th>
            ) : null}
            <th scope="col" className="px-4 py-3 font-medium">
              Token
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Created
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Last used
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Expires
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-3 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {tokens.map((token) => (
            <tr
              key={token.id}
              data-testid={`token-row-${token.name}`}
              className={token.status === "active" ? undefined : "text-muted"}
            >
              <td className="px-4 py-3 text-white">{token.name}</td>
              {showOwner ? <td className="px-4 py-3 text-slate-300">{token.owner.email}</td> : null}
              <td className="px-4 py-3 font-mono text-xs text-slate-300">{token.prefix}…</td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-300">{formatDateTime(token.createdAt)}</td>
              <td
                className="whitespace-nowrap px-4 py-3 text-slate-300"
                title={token.lastUsedAt ? formatDateTime(token.lastUsedAt) : undefined}
              >
                {token.lastUsedAt ? formatRelative(token.lastUsedAt) : "Never"}
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-300">
                {token.expiresAt ? formatDateTime(token.expiresAt) : "Never"}
              </td>
              <td className="px-4 py-3">
                <Badge tone={STATUS[token.status].tone}>{STATUS[token.status].label}</Badge>
              </td>
              <td className="px-4 py-3 text-right">
                {token.status === "revoked" ? null : (
                  <RevokeTokenButton tokenId={token.id} name={token.name} prefix={token.prefix} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
