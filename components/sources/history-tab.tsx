import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableHead, Td, Th } from "@/components/ui/table";
import type { PullRun } from "@/lib/generated/prisma/client";
import { formatDuration } from "@/lib/ui/format";
import { Time } from "@/components/ui/time";
import { UntrustedText } from "@/components/ui/untrusted-text";

/** Statuses read as everywhere else in the console: a capitalized word in a badge. */
const STATUS: Record<string, { label: string; tone: "success" | "danger" | "warning" | "info" | "neutral" }> = {
  succeeded: { label: "Succeeded", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  interrupted: { label: "Interrupted", tone: "warning" },
  running: { label: "Running", tone: "info" },
};

const TRIGGERS: Record<string, string> = {
  schedule: "Schedule",
  manual: "Manual",
  initial: "First pull",
  continuation: "Continuation",
};

/** Why the run ended, in words, for every run: failed and interrupted runs say what went wrong. */
function endReason(run: PullRun): string {
  if (run.status === "running") return "In progress.";
  if (run.status === "succeeded") return run.note ?? "Caught up.";
  return run.errorMessage ?? "Ended without a recorded reason (a run from an older version of Intake).";
}

export function HistoryTab({ runs }: { runs: PullRun[] }) {
  if (runs.length === 0)
    return <EmptyState title="No pulls yet">The first pull starts within a minute of creating the source.</EmptyState>;
  return (
    <Table label="Pull history" minWidth="min-w-[860px]">
      <TableHead>
        <Th>Started</Th>
        <Th>Status</Th>
        <Th>Trigger</Th>
        <Th>Duration</Th>
        <Th align="right">Fetched</Th>
        <Th align="right">New</Th>
        <Th align="right">Duplicate</Th>
        <Th align="right">Failed</Th>
      </TableHead>
      {runs.map((run) => (
        <tbody key={run.id} className="border-b border-line last:border-0">
          <tr>
            <Td className="text-slate-200">
              <details className="group">
                <summary className="cursor-pointer list-none marker:hidden">
                  <span className="mr-1 inline-block text-muted transition-transform group-open:rotate-90">▸</span>
                  <Time value={run.startedAt} format="absolute" />
                </summary>
                <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs text-slate-300">
                  <dt className="text-muted">Window</dt>
                  <dd data-testid="run-window">
                    {run.windowFrom && run.windowTo ? (
                      <>
                        <Time value={run.windowFrom} format="absolute" /> →{" "}
                        <Time value={run.windowTo} format="absolute" />
                      </>
                    ) : (
                      "—"
                    )}
                  </dd>
                  <dt className="text-muted">Pages / requests</dt>
                  <dd>
                    {run.pages} / {run.requests}
                  </dd>
                  <dt className="text-muted">Rate limit left</dt>
                  <dd>{run.rateLimitRemaining ?? "—"}</dd>
                  <dt className="text-muted">Worker</dt>
                  <dd className="font-mono">{run.workerId ?? "—"}</dd>
                  {run.errorMessage ? (
                    <>
                      <dt className="text-muted">Error</dt>
                      <dd className="text-rose-300">
                        <span className="font-mono">{run.errorKind}</span>: <UntrustedText text={run.errorMessage} />
                      </dd>
                    </>
                  ) : null}
                </dl>
              </details>
            </Td>
            <Td className="max-w-xs align-top">
              <Badge tone={STATUS[run.status]?.tone ?? "neutral"}>{STATUS[run.status]?.label ?? run.status}</Badge>
              <p className="mt-1 text-xs text-slate-300" data-testid="run-end-reason">
                <UntrustedText text={endReason(run)} />
              </p>
            </Td>
            <Td className="align-top text-slate-300">{TRIGGERS[run.trigger] ?? run.trigger}</Td>
            <Td className="align-top text-slate-300">
              {run.finishedAt ? formatDuration(run.finishedAt.getTime() - run.startedAt.getTime()) : "—"}
            </Td>
            <Td align="right" className="align-top tabular-nums">
              {run.eventsFetched.toLocaleString("en-US")}
            </Td>
            <Td align="right" className="align-top tabular-nums text-white">
              {run.eventsNew.toLocaleString("en-US")}
            </Td>
            <Td align="right" className="align-top tabular-nums">
              {run.eventsDuplicate.toLocaleString("en-US")}
            </Td>
            <Td align="right" className="align-top tabular-nums">
              {run.eventsFailed.toLocaleString("en-US")}
            </Td>
          </tr>
        </tbody>
      ))}
    </Table>
  );
}
