import type { ReactNode } from "react";
import Link from "next/link";
import { Callout } from "@/components/ui/callout";
import type { LoadCheck } from "@/lib/audit/chain";
import type { FullVerification } from "@/lib/audit/checkpoints";
import { Time } from "@/components/ui/time";

const entries = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "entry" : "entries"}`;

type Break = { firstBrokenId: string; checked: number; reason: string };

function verifiedBy(verification: FullVerification): ReactNode {
  return (
    <>
      <Time value={verification.at} format="absolute" /> by {verification.actorLabel}
    </>
  );
}

/**
 * The state of the hash chain: what this page load verified (entries since the last full
 * verification, or all of them while there are few), when the whole chain was last
 * verified, and any break either found. `verify` is the control that runs a full
 * verification, for those who may.
 */
export function ChainStatus({ check, verify }: { check: LoadCheck; verify?: ReactNode }) {
  const { walk, checkpoint, latest } = check;
  const action = verify ? <div className="mt-3">{verify}</div> : null;

  if (!walk.ok) return <BrokenChain broken={walk} foundBy="This page's check" action={action} />;
  if (latest?.result === "broken")
    return <BrokenChain broken={latest} foundBy={<>The full verification of {verifiedBy(latest)}</>} action={action} />;

  const newSince = walk.position.checked - (checkpoint?.checked ?? 0);
  if (!walk.reachedEnd) {
    return (
      <Callout
        tone="warning"
        title={`Chain partly checked: ${entries(walk.position.checked)} verified, more not yet`}
        className="mb-6"
      >
        <p>
          {checkpoint ? (
            <>
              The whole chain was verified {verifiedBy(checkpoint)}, through entry #{checkpoint.throughId}. This page
              checked the next {entries(newSince)} written since; newer entries remain.
            </>
          ) : (
            `This page checked the first ${entries(walk.position.checked)}; newer entries remain.`
          )}{" "}
          A page load checks a limited number of entries. Verify the whole chain to check every one.
        </p>
        {action}
      </Callout>
    );
  }
  if (!checkpoint) {
    return (
      <Callout tone="success" title={`Chain verified: ${entries(walk.position.checked)}`} className="mb-6">
        <p>
          {walk.position.checked === 0
            ? "Nothing has been recorded yet."
            : "Every entry still matches its hash and follows the entry before it, so none was changed, removed or re-ordered."}
        </p>
        {action}
      </Callout>
    );
  }
  return (
    <Callout
      tone="success"
      title={`Chain verified through entry #${walk.position.afterId?.toString() ?? checkpoint.throughId}`}
      className="mb-6"
    >
      <p>
        The whole chain was verified {verifiedBy(checkpoint)}: {entries(checkpoint.checked)}, through entry #
        {checkpoint.throughId}. The {entries(newSince)} written since were checked when this page loaded, and follow on
        from it. Verify the whole chain again to re-check older entries too.
      </p>
      {action}
    </Callout>
  );
}

function BrokenChain({ broken, foundBy, action }: { broken: Break; foundBy: ReactNode; action: ReactNode }) {
  const jumpTo = `/settings/audit-log?before=${BigInt(broken.firstBrokenId) + 1n}`;
  return (
    <Callout tone="error" title={`Chain broken at entry #${broken.firstBrokenId}`} className="mb-6">
      <p>{broken.reason}</p>
      <p className="mt-2">
        {foundBy} found it; {entries(broken.checked)} before it verified. Someone with direct access to the database
        changed the audit trail: entries from #{broken.firstBrokenId} on cannot be trusted.
      </p>
      <p className="mt-2 font-medium">What to do</p>
      <ul className="list-disc space-y-1 pl-5">
        <li>Keep this database as it is for the investigation; do not try to repair the table.</li>
        <li>
          Restore <code className="font-mono">audit_log_entries</code> from a backup taken before the change into a
          separate database and compare the two from entry #{broken.firstBrokenId} to see what was changed.
        </li>
        <li>Review who had database credentials, and rotate them.</li>
      </ul>
      <p className="mt-2">
        <Link href={jumpTo} className="underline">
          Show entry #{broken.firstBrokenId}
        </Link>
      </p>
      {action}
    </Callout>
  );
}
