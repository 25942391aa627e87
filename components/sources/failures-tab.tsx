import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { FailurePage, FailureRow } from "@/lib/failures/service";
import { formatBytes } from "@/lib/ui/format";
import { ReprocessButton } from "./reprocess-button";
import { Time } from "@/components/ui/time";

export function FailuresTab({
  sourceId,
  page,
  canManage,
  cursor,
}: {
  sourceId: string;
  page: FailurePage;
  canManage: boolean;
  cursor: string | null;
}) {
  if (page.rows.length === 0 && !cursor) {
    return (
      <EmptyState title="No classification failures">
        Every record this source delivered matched Rapid7.AuditLog.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-300">
          Records that did not match the schema are kept here with the reason, instead of being dropped. Once the schema
          is fixed, re-process them: those that now parse become events.
        </p>
        {canManage ? <ReprocessButton sourceId={sourceId} /> : null}
      </div>
      <ul className="space-y-3" data-testid="failures">
        {page.rows.map((failure) => (
          <li key={failure.id}>
            <Card className="p-4">
              <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
                <span className="font-mono">
                  {failure.code}
                  {failure.field ? ` · ${failure.field}` : ""}
                </span>
                <span>
                  received <Time value={failure.receivedAt ?? failure.createdAt} format="absolute" />
                </span>
              </div>
              <p className="mt-1 text-sm text-white">
                <UntrustedText text={failure.reason} />
              </p>
              {failure.expected ? (
                <p className="mt-1 text-xs text-slate-300">
                  Expected: <UntrustedText text={failure.expected} />
                </p>
              ) : null}
              <details className="mt-2" data-testid="failure-raw">
                <summary className="cursor-pointer text-xs text-accent">Raw payload</summary>
                <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-canvas p-3 font-mono text-xs text-slate-200">
                  <UntrustedText text={failure.rawCut ? `${failure.raw}…` : failure.raw} />
                </pre>
                <RawNote failure={failure} />
              </details>
            </Card>
          </li>
        ))}
      </ul>
      <div className="flex gap-3">
        {cursor ? (
          <Link href={`/log-sources/${sourceId}?tab=failures`} className={buttonClasses("ghost", "sm")}>
            Newest
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link
            href={`/log-sources/${sourceId}?tab=failures&cursor=${encodeURIComponent(page.nextCursor)}`}
            className={buttonClasses("secondary", "sm")}
          >
            Older failures
          </Link>
        ) : null}
      </div>
    </div>
  );
}

/** How much of the record is shown and kept, with the download of what is kept. */
function RawNote({ failure }: { failure: FailureRow }) {
  const href = `/api/failures/${encodeURIComponent(failure.id)}/raw`;
  const original = failure.rawOriginal;
  return (
    <p className="mt-2 text-xs text-slate-300" data-testid="failure-raw-note">
      {original ? (
        <>
          Only the first {formatBytes(failure.rawStoredBytes)} of this {formatBytes(original.bytes)} record were kept
          (SHA-256 <span className="break-all font-mono">{original.sha256}</span>).{" "}
        </>
      ) : failure.rawCut ? (
        <>Only the start of this {formatBytes(failure.rawStoredBytes)} record is shown. </>
      ) : null}
      <a href={href} download className="text-accent underline">
        {original ? "Download what was kept" : "Download the raw record"}
      </a>
    </p>
  );
}
