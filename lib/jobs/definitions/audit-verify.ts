import { z } from "zod";
import { recordFullVerification } from "@/lib/audit/checkpoints";
import { CHAIN_START, walkAuditChain } from "@/lib/audit/verify";
import { defineJob } from "@/lib/jobs/define";

/**
 * Daily: verifies the whole audit trail and records the outcome in it, as an admin's
 * "Verify whole chain" does. Page loads only re-check entries written since the last full
 * verification, so without this an edit to an older entry would wait for someone to
 * click; now it shows on the audit log page within a day.
 */
export const auditVerifyJob = defineJob({
  name: "audit.verify-chain",
  schema: z.object({}).passthrough(),
  queue: { policy: "singleton", retryLimit: 2, retryDelay: 600, expireInSeconds: 3_000 },
  concurrency: 1,
  cron: "41 3 * * *",
  async handler(_data, { log }) {
    const outcome = await walkAuditChain(CHAIN_START);
    await recordFullVerification({ system: "Intake (daily check)" }, outcome);
    if (outcome.ok) log.info("audit trail verified", { entries: outcome.position.checked });
    else
      log.error("the audit trail does not verify", {
        firstBrokenId: outcome.firstBrokenId,
        kind: outcome.kind,
        reason: outcome.reason,
      });
  },
});
