import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { PullRun } from "@/lib/generated/prisma/client";
import { formatDateTime, formatDuration } from "@/lib/ui/format";

const TONE: Record<string, "success" | "danger" | "warning" | "info" | "neutral"> = {
  succeeded: "success",
  failed: "danger",
  interrupted: "warning",
  running: "info",
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
    <Card className="overflow-x-auto">
      <table className="w-full min-w-[860px] text-left text-sm">
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">
              Started
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Trigger
            </th>
            <th scope="col" className="px-4 py-3 font-medium">
              Duration
            </th>
            <th scope="col" className="px-4 py-3 text-right font-medium">
              Fetched
            </th>
            <th scope="col" className="px-4 py-3 text-right font-medium">
              New
            </th>
            <th scope="col" className="px-4 py-3 text-right font-medium">
              Duplicate
            </th>
            <th scope="col" className="px-4 py-3 text-right font-medium">
              Failed
            </th>
          </tr>
        </thead>
        {runs.map((run) => (
          <tbody key={run.id} className="border-b border-line last:border-0">
            <tr>
              <td className="px-4 py-3 text-slate-200">
                <details className="group">
                  <summary className="cursor-pointer list-none marker:hidden">
                    <span className="mr-1 inline-block text-muted transition-transform group-open:rotate-90">▸</span>
                    {formatDateTime(run.startedAt)}
                  </summary>
                  <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs text-slate-300">
                    <dt className="text-muted">Window</dt>
                    <dd>
                      {run.windowFrom && run.windowTo
                        ? `${formatDateTime(run.windowFrom)} → ${formatDateTime(run.windowTo)}`
                        : "—"}
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
                          <span className="font-mono">{run.errorKind}</span>: {run.errorMessage}
                        </dd>
                      </>
                    ) : null}
                  </dl>
                </details>
              </td>
              <td className="max-w-xs px-4 py-3 align-top">
                <Badge tone={TONE[run.status] ?? "neutral"}>{run.status}</Badge>
                <p className="mt-1 text-xs text-slate-300" data-testid="run-end-reason">
                  {endReason(run)}
                </p>
              </td>
              <td className="px-4 py-3 align-top text-slate-300">{run.trigger}</td>
              <td className="px-4 py-3 align-top text-slate-300">
                {run.finishedAt ? formatDuration(run.finishedAt.getTime() - run.startedAt.getTime()) : "—"}
              </td>
              <td className="px-4 py-3 text-right align-top tabular-nums">
                {run.eventsFetched.toLocaleString("en-US")}
              </td>
              <td className="px-4 py-3 text-right align-top tabular-nums text-white">
                {run.eventsNew.toLocaleString("en-US")}
              </td>
              <td className="px-4 py-3 text-right align-top tabular-nums">
                {run.eventsDuplicate.toLocaleString("en-US")}
              </td>
              <td className="px-4 py-3 text-right align-top tabular-nums">
                {run.eventsFailed.toLocaleString("en-US")}
              </td>
            </tr>
          </tbody>
        ))}
      </table>
    </Card>
  );
}
