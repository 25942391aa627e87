"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { Spinner } from "@/components/ui/spinner";
import { regionLabel, type Rapid7RegionCode, parseRegion } from "@/lib/integrations/rapid7/regions";
import { checkApiKeyAction } from "@/lib/sources/actions/check-api-key";
import { findAuditLogsAction } from "@/lib/sources/actions/find-audit-logs";
import { previewAuditLogsAction } from "@/lib/sources/actions/preview-audit-logs";
import type { AuditLogOption, PreviewEvent } from "@/lib/sources/onboarding";
import { cn } from "@/lib/ui/cn";

export type SetupResult = { auditLogs: AuditLogOption[]; preview: PreviewEvent[]; unparsed: number; scanned: number };

type StageState = "waiting" | "running" | "done" | "failed";
type Failure = { message: string; field: "apiKey" | "region" | "name" | null; retryable: boolean };

/**
 * Checks everything with Rapid7 before anything is saved, one real stage at a time:
 * the key in the region, the audit logs, and a read of the latest audit events.
 */
export function SetupStep({
  name,
  region,
  apiKey,
  onSuccess,
  onBack,
}: {
  name: string;
  region: string;
  apiKey: string;
  onSuccess: (result: SetupResult) => void;
  onBack: () => void;
}) {
  const code = parseRegion(region) as Rapid7RegionCode;
  const [stages, setStages] = useState<StageState[]>(["waiting", "waiting", "waiting"]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);
  const started = useRef(-1);

  useEffect(() => {
    if (started.current === attempt) return;
    started.current = attempt;
    const mark = (index: number, state: StageState) => setStages((current) => current.map((value, i) => (i === index ? state : value)));
    const fail = (index: number, error: { code: string; message: string; fieldErrors: Record<string, string> }) => {
      mark(index, "failed");
      const field = error.fieldErrors.apiKey ? "apiKey" : error.fieldErrors.region ? "region" : error.fieldErrors.name ? "name" : null;
      setFailure({ message: error.message, field, retryable: error.code === "UPSTREAM" || error.code === "RATE_LIMITED" || error.code === "INTERNAL" });
    };
    (async () => {
      setFailure(null);
      setStages(["running", "waiting", "waiting"]);
      const key = await checkApiKeyAction({ region, apiKey });
      if (!key.ok) return fail(0, key.error);
      mark(0, "done");
      mark(1, "running");
      const logs = await findAuditLogsAction({ region, apiKey });
      if (!logs.ok) return fail(1, logs.error);
      mark(1, "done");
      mark(2, "running");
      const preview = await previewAuditLogsAction({ name, region, apiKey, auditLogIds: logs.data.auditLogs.map((log) => log.id) });
      if (!preview.ok) return fail(2, preview.error);
      mark(2, "done");
      onSuccess({ auditLogs: logs.data.auditLogs, ...preview.data });
    })();
  }, [attempt, apiKey, name, region, onSuccess]);

  const labels = [
    `Checking the API key in ${code ? regionLabel(code) : region} (${region})`,
    "Finding your organization's audit logs",
    "Reading the latest audit events (needs Administrator rights)",
  ];

  return (
    <div className="max-w-xl space-y-6">
      <div>
        <h2 className="text-lg font-semibold text-white">Setup</h2>
        <p className="mt-1 text-sm text-muted">Intake checks your credentials with Rapid7. Nothing is saved until you finish.</p>
      </div>
      <ol className="space-y-3" aria-live="polite" data-testid="setup-stages">
        {labels.map((label, index) => (
          <li key={label} className="flex items-center gap-3 text-sm" data-state={stages[index]}>
            <span className="flex h-6 w-6 items-center justify-center">
              {stages[index] === "running" ? (
                <Spinner className="text-accent" label="In progress" />
              ) : (
                <span
                  className={cn(
                    "flex h-5 w-5 items-center justify-center rounded-full text-[11px] font-bold",
                    stages[index] === "done" && "bg-emerald-500/20 text-emerald-300",
                    stages[index] === "failed" && "bg-rose-500/20 text-rose-300",
                    stages[index] === "waiting" && "bg-panel-raised text-muted",
                  )}
                  aria-hidden="true"
                >
                  {stages[index] === "done" ? "✓" : stages[index] === "failed" ? "!" : ""}
                </span>
              )}
            </span>
            <span className={stages[index] === "waiting" ? "text-muted" : "text-slate-100"}>
              {label}
              <span className="sr-only"> ({stages[index]})</span>
            </span>
          </li>
        ))}
      </ol>
      {failure ? (
        <Callout tone="error" title="Setup could not finish">
          <p data-testid="setup-error">{failure.message}</p>
          <div className="mt-3 flex gap-2">
            {failure.retryable ? <Button size="sm" onClick={() => setAttempt((value) => value + 1)}>Try again</Button> : null}
            <Button size="sm" variant="secondary" onClick={onBack} data-autofocus>
              {failure.field === "name" ? "Back to name" : "Back to credentials"}
            </Button>
          </div>
        </Callout>
      ) : null}
    </div>
  );
}
