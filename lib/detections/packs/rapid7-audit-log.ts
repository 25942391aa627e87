import { RAPID7_AUDIT_LOG_TYPE } from "../rapid7/log-type";
import { apiChangeOutsideWindowRule } from "../rules/rapid7/api-change-outside-window";
import { apiKeyCreatedRule } from "../rules/rapid7/api-key-created";
import { failedActionBurstRule } from "../rules/rapid7/failed-action-burst";
import { unfamiliarAdminRule } from "../rules/rapid7/unfamiliar-admin";
import { visibilityDeletedRule } from "../rules/rapid7/visibility-deleted";
import { definePack } from "../rule";

/**
 * The Rapid7 Audit Log starter pack: the changes to an Insight Platform organization
 * that most often mean someone is hiding, persisting or probing. The configurable rules
 * run with their defaults (change window weekdays 06:00–20:00 UTC, bursts of 5 failures
 * in 10 minutes, 30 days of familiarity).
 */
const RAPID7_AUDIT_LOG_PACK_ID = "rapid7-audit-log";

export const rapid7AuditLogPack = definePack({
  id: RAPID7_AUDIT_LOG_PACK_ID,
  name: "Rapid7 Audit Log",
  description:
    "Deleted logs, collectors, honeypots and orchestrators; API key changes outside the change window; bursts of failed actions; unfamiliar people doing administration; new API keys.",
  logTypes: [RAPID7_AUDIT_LOG_TYPE],
  rules: [
    visibilityDeletedRule,
    apiChangeOutsideWindowRule(),
    failedActionBurstRule(),
    unfamiliarAdminRule(),
    apiKeyCreatedRule,
  ],
});
