import Link from "next/link";
import { Callout } from "@/components/ui/callout";
import type { AuditChainStatus } from "@/lib/audit/verify";

/** The result of verifying the whole hash chain, checked each time the page loads. */
export function ChainStatus({ status }: { status: AuditChainStatus }) {
  if (status.ok) {
    return (
      <Callout tone="success" title={`Chain verified: ${status.checked} ${status.checked === 1 ? "entry" : "entries"}`} className="mb-6">
        {status.checked === 0
          ? "Nothing has been recorded yet."
          : "Every entry still matches its hash and follows the entry before it, so none was changed, removed or re-ordered."}
      </Callout>
    );
  }
  const jumpTo = `/settings/audit-log?before=${BigInt(status.firstBrokenId) + 1n}`;
  return (
    <Callout tone="error" title={`Chain broken at entry #${status.firstBrokenId}`} className="mb-6">
      <p>{status.reason}</p>
      <p className="mt-2">
        {status.checked} {status.checked === 1 ? "entry" : "entries"} before it verified. Someone with direct access to the database changed the audit
        trail: entries from #{status.firstBrokenId} on cannot be trusted.
      </p>
      <p className="mt-2 font-medium">What to do</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>Keep this database as it is for the investigation; do not try to repair the table.</li>
        <li>Restore <code className="font-mono">audit_log_entries</code> from a backup taken before the change into a separate database and compare the two from entry #{status.firstBrokenId} to see what was changed.</li>
        <li>Review who had database credentials, and rotate them.</li>
      </ul>
      <p className="mt-2">
        <Link href={jumpTo} className="underline">
          Show entry #{status.firstBrokenId}
        </Link>
      </p>
    </Callout>
  );
}
