"use server";

import { revalidatePath } from "next/cache";
import { verifyAuditChainStep } from "@/lib/audit/chain";
import { verifyChainStepSchema } from "@/lib/audit/schemas";
import { adminAction } from "@/lib/server-action";

/** One step of verifying the whole audit chain; the browser calls it again with the continuation until it is done. */
export const verifyAuditChainStepAction = adminAction(
  "verifyAuditChainStep",
  verifyChainStepSchema,
  async (input, actor) => {
    const step = await verifyAuditChainStep(actor, input);
    if (step.done) revalidatePath("/settings/audit-log");
    return step;
  },
);
