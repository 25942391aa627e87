import { checkApiKeyAction } from "@/lib/sources/actions/check-api-key";
import { findAuditLogsAction } from "@/lib/sources/actions/find-audit-logs";
import { previewAuditLogsAction } from "@/lib/sources/actions/preview-audit-logs";
import type { CheckCommand, WizardEvent } from "./wizard-machine";

/**
 * Runs one of Setup's checks with Rapid7 (a server action) and answers with the event the
 * wizard machine takes next. The machine decides whether there is a next check: a run the
 * person left is not continued, so an abandoned Setup calls Rapid7 no further.
 */
export async function runCheck(command: CheckCommand): Promise<WizardEvent> {
  const { run, input } = command;
  switch (command.kind) {
    case "checkKey": {
      const key = await checkApiKeyAction({ region: input.region, apiKey: input.apiKey });
      return key.ok ? { type: "keyChecked", run } : { type: "checkFailed", run, error: key.error };
    }
    case "findAuditLogs": {
      const logs = await findAuditLogsAction({ region: input.region, apiKey: input.apiKey });
      return logs.ok
        ? { type: "auditLogsFound", run, auditLogs: logs.data.auditLogs }
        : { type: "checkFailed", run, error: logs.error };
    }
    case "readPreview": {
      const preview = await previewAuditLogsAction({ ...input, auditLogIds: command.auditLogs.map((log) => log.id) });
      return preview.ok
        ? { type: "checksPassed", run, result: { auditLogs: command.auditLogs, ...preview.data } }
        : { type: "checkFailed", run, error: preview.error };
    }
  }
}
