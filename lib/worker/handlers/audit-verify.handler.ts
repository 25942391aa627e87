import { recordFullVerification } from "@/lib/audit/checkpoints";
import { CHAIN_START, walkAuditChain } from "@/lib/audit/verify";
import type { auditVerifyJob } from "@/lib/queue/audit-verify";
import type { JobHandler } from "../job-handler";

/**
 * Verifies the whole audit trail and records the outcome in it, as an admin's "Verify
 * whole chain" does. Page loads only re-check entries written since the last full
 * verification, so without this an edit to an older entry would wait for someone to
 * click; now it shows on the audit log page within a day.
 */
export const auditVerifyHandler: JobHandler<typeof auditVerifyJob> = async (_data, { log }) => {
  const outcome = await walkAuditChain(CHAIN_START);
  await recordFullVerification({ system: "Intake (daily check)" }, outcome);
  if (outcome.ok) log.info("audit trail verified", { entries: outcome.position.checked });
  else
    log.error("the audit trail does not verify", {
      firstBrokenId: outcome.firstBrokenId,
      kind: outcome.kind,
      reason: outcome.reason,
    });
};
