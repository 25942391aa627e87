"use client";

import { useCallback, useRef, useState } from "react";
import type { ActionError } from "@/lib/action-result";
import { checkApiKeyAction } from "@/lib/sources/actions/check-api-key";
import { findAuditLogsAction } from "@/lib/sources/actions/find-audit-logs";
import { previewAuditLogsAction } from "@/lib/sources/actions/preview-audit-logs";
import type { AuditLogOption, PreviewEvent } from "@/lib/sources/onboarding";

export type SetupResult = { auditLogs: AuditLogOption[]; preview: PreviewEvent[]; unparsed: number; scanned: number };
export type StageState = "waiting" | "running" | "done" | "failed";
export type SetupFailure = { message: string; field: "apiKey" | "region" | "name" | null; retryable: boolean };
export type SetupChecks =
  | { status: "idle" | "running" | "stopped"; stages: StageState[] }
  | { status: "failed"; stages: StageState[]; failure: SetupFailure }
  | { status: "passed"; stages: StageState[]; result: SetupResult };
export type SetupInput = { name: string; region: string; apiKey: string };

const WAITING: StageState[] = ["waiting", "waiting", "waiting"];

function failureOf(error: ActionError): SetupFailure {
  const field = error.fieldErrors.apiKey
    ? "apiKey"
    : error.fieldErrors.region
      ? "region"
      : error.fieldErrors.name
        ? "name"
        : null;
  return {
    message: error.message,
    field,
    retryable: error.code === "UPSTREAM" || error.code === "RATE_LIMITED" || error.code === "INTERNAL",
  };
}

/**
 * Setup's three checks with Rapid7 (the key in its region, the audit logs, a read of the
 * latest events). They run only when asked (the Setup or Try again button), never because
 * the Setup step was shown, so Back and Forward never repeat them. stop() abandons a run:
 * server actions cannot be aborted, so a stopped run's answers are ignored when they come.
 */
export function useSetupChecks() {
  const [checks, setChecks] = useState<SetupChecks>({ status: "idle", stages: WAITING });
  const currentRun = useRef(0);

  const start = useCallback(async (input: SetupInput): Promise<SetupResult | null> => {
    const run = ++currentRun.current;
    const stillCurrent = () => currentRun.current === run;
    let stages = [...WAITING];
    const mark = (index: number, state: StageState) => {
      stages = stages.map((value, i) => (i === index ? state : value));
      setChecks({ status: "running", stages });
    };
    const fail = (index: number, error: ActionError) => {
      if (!stillCurrent()) return null;
      stages = stages.map((value, i) => (i === index ? "failed" : value));
      setChecks({ status: "failed", stages, failure: failureOf(error) });
      return null;
    };

    mark(0, "running");
    const key = await checkApiKeyAction({ region: input.region, apiKey: input.apiKey });
    if (!key.ok) return fail(0, key.error);
    if (!stillCurrent()) return null;
    mark(0, "done");
    mark(1, "running");
    const logs = await findAuditLogsAction({ region: input.region, apiKey: input.apiKey });
    if (!logs.ok) return fail(1, logs.error);
    if (!stillCurrent()) return null;
    mark(1, "done");
    mark(2, "running");
    const preview = await previewAuditLogsAction({ ...input, auditLogIds: logs.data.auditLogs.map((log) => log.id) });
    if (!preview.ok) return fail(2, preview.error);
    if (!stillCurrent()) return null;
    const result = { auditLogs: logs.data.auditLogs, ...preview.data };
    setChecks({ status: "passed", stages: ["done", "done", "done"], result });
    return result;
  }, []);

  /** Shows the checks as starting while the page moves to the Setup step, where start() runs them. */
  const prepare = useCallback(() => {
    currentRun.current += 1;
    setChecks({ status: "running", stages: ["running", "waiting", "waiting"] });
  }, []);

  const stop = useCallback(() => {
    currentRun.current += 1;
    setChecks((current) =>
      current.status === "running"
        ? { status: "stopped", stages: current.stages.map((state) => (state === "running" ? "waiting" : state)) }
        : current,
    );
  }, []);

  return { checks, prepare, start, stop };
}
