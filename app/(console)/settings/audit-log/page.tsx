import type { Metadata } from "next";
import Link from "next/link";
import { AuditDiffView } from "@/components/audit/audit-diff";
import { auditFilterState } from "@/components/audit/audit-filter-values";
import { ChainStatus } from "@/components/audit/chain-status";
import { VerifyChainButton } from "@/components/audit/verify-chain-button";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { type AuditPage, listAuditEntries } from "@/lib/audit/service";
import { brokenEntryId, checkAuditChainOnLoad } from "@/lib/audit/chain";
import { isAdmin } from "@/lib/auth/roles";
import { requirePageActor } from "@/lib/auth/session";
import { ValidationError } from "@/lib/errors";
import { Time } from "@/components/ui/time";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * Read-only for everyone signed in: who changed what, when and from where. Each load checks
 * the hash chain from the last full verification on; admins can verify the whole chain.
 */
export default async function AuditLogPage({ searchParams }: Props) {
  const actor = await requirePageActor();
  const { raw, values } = auditFilterState(await searchParams);
  const chain = await checkAuditChainOnLoad();

  let page: AuditPage | null = null;
  try {
    page = await listAuditEntries(raw);
  } catch (error) {
    // The filters above name what is wrong; the page says the list cannot be shown.
    if (!(error instanceof ValidationError)) throw error;
  }

  const filterQuery = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== "")).toString();
  const filtered = filterQuery !== "";
  const hrefWith = (before: string | null) => {
    const query = new URLSearchParams(filterQuery);
    if (before) query.set("before", before);
    const text = query.toString();
    return text ? `/settings/audit-log?${text}` : "/settings/audit-log";
  };
  const brokenId = brokenEntryId(chain);

  return (
    <>
      <ChainStatus check={chain} verify={isAdmin(actor) ? <VerifyChainButton /> : undefined} />

      {!page ? (
        <EmptyState title="These filters cannot be used">
          Fix the filters marked above, or{" "}
          <Link href="/settings/audit-log" className="underline">
            show everything
          </Link>
          .
        </EmptyState>
      ) : page.entries.length === 0 ? (
        filtered || raw.before ? (
          <EmptyState
            title="No entries match"
            action={
              <Link href="/settings/audit-log" className={buttonClasses("secondary")}>
                Clear filters
              </Link>
            }
          >
            Nothing recorded matches these filters. Widen the time range or choose another action.
          </EmptyState>
        ) : (
          <EmptyState title="Nothing recorded yet">
            Sign-ins and every change to users, sources, alerts and API tokens will appear here as they happen.
          </EmptyState>
        )
      ) : (
        <>
          <Table label="Audit log entries, newest first" minWidth="min-w-[960px]">
            <TableHead>
              <Th>Time (UTC)</Th>
              <Th>Actor</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              <Th>Change</Th>
            </TableHead>
            <TableBody className="align-top">
              {page.entries.map((entry) => (
                <tr
                  key={entry.id}
                  data-testid="audit-row"
                  data-action={entry.action}
                  className={entry.id === brokenId ? "bg-rose-950/40" : undefined}
                  aria-label={entry.id === brokenId ? `Entry ${entry.id}: the chain breaks here` : undefined}
                >
                  <Td className="whitespace-nowrap text-slate-300">
                    <Time value={entry.at} format="absolute" />
                    <div className="text-xs text-muted">#{entry.id}</div>
                  </Td>
                  <Td>
                    <div className={entry.actorId ? "text-white" : "italic text-slate-300"}>{entry.actorLabel}</div>
                    {entry.clientIp ? <div className="font-mono text-xs text-muted">{entry.clientIp}</div> : null}
                  </Td>
                  <Td>
                    <span className="font-mono text-xs text-slate-200">{entry.action}</span>
                  </Td>
                  <Td>
                    <div className="text-xs text-muted">{entry.targetType}</div>
                    <div className="break-words text-slate-200">
                      <UntrustedText text={entry.targetLabel ?? entry.targetId ?? "—"} />
                    </div>
                  </Td>
                  <Td className="w-[22rem]">
                    <AuditDiffView diff={entry.diff} />
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
          <nav aria-label="Audit log pages" className="mt-4 flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted">
              {page.entries.length} {page.entries.length === 1 ? "entry" : "entries"}
              {raw.before ? " (older)" : ", newest first"}
              {page.nextBefore ? "; more before these" : ""}
            </p>
            <div className="flex items-center gap-2">
              {raw.before ? (
                <Link href={hrefWith(null)} className={buttonClasses("ghost", "sm")}>
                  Newest
                </Link>
              ) : null}
              {page.nextBefore ? (
                <Link href={hrefWith(page.nextBefore)} className={buttonClasses("secondary", "sm")}>
                  Older entries
                </Link>
              ) : null}
            </div>
          </nav>
        </>
      )}
    </>
  );
}
