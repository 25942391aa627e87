"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { verifyAuditChainStep } from "@/lib/audit/chain";
import type { VerifyChainStepInput } from "@/lib/audit/schemas";
import { requireAdmin } from "@/lib/auth/session";

/** One step of verifying the whole audit chain; the browser calls it again with the continuation until it is done. */
export async function verifyAuditChainStepAction(input: VerifyChainStepInput) {
  return runAction("verifyAuditChainStep", async () => {
    const actor = await requireAdmin();
    const step = await verifyAuditChainStep(actor, input ?? {});
    if (step.done) revalidatePath("/settings/audit-log");
    return step;
  });
}
