import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { ApiTokenStatus, ApiTokenSummary } from "@/lib/api-tokens/service";
import { RevokeTokenButton } from "./revoke-token-button";
import { Time } from "@/components/ui/time";
import { UntrustedText } from "@/components/ui/untrusted-text";

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
    <Table label={label} minWidth="min-w-[760px]">
      <TableHead>
        <Th>Name</Th>
        {showOwner ? <Th>Owner</Th> : null}
        <Th>Token</Th>
        <Th>Created</Th>
        <Th>Last used</Th>
        <Th>Expires</Th>
        <Th>Status</Th>
        <Th align="right">
          <span className="sr-only">Actions</span>
        </Th>
      </TableHead>
      <TableBody>
        {tokens.map((token) => (
          <tr
            key={token.id}
            data-testid={`token-row-${token.name}`}
            className={token.status === "active" ? undefined : "text-muted"}
          >
            <Td className="text-white">
              <UntrustedText text={token.name} />
            </Td>
            {showOwner ? <Td className="text-slate-300">{token.owner.email}</Td> : null}
            <Td className="font-mono text-xs text-slate-300">{token.prefix}…</Td>
            <Td className="whitespace-nowrap text-slate-300">
              <Time value={token.createdAt} format="absolute" />
            </Td>
            <Td className="whitespace-nowrap text-slate-300">
              {token.lastUsedAt ? <Time value={token.lastUsedAt} /> : "Never"}
            </Td>
            <Td className="whitespace-nowrap text-slate-300">
              {token.expiresAt ? <Time value={token.expiresAt} format="absolute" /> : "Never"}
            </Td>
            <Td>
              <Badge tone={STATUS[token.status].tone}>{STATUS[token.status].label}</Badge>
            </Td>
            <Td align="right">
              {token.status === "revoked" ? null : (
                <RevokeTokenButton tokenId={token.id} name={token.name} prefix={token.prefix} />
              )}
            </Td>
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
