"use server";

import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import { reprocessFailures } from "@/lib/failures/service";

/** Admins only: re-run the current normalizer on a source's classification failures. */
export async function reprocessFailuresAction(input: { sourceId: string }) {
  return runAction("reprocessFailures", async () => {
    const actor = await requireAdmin();
    return reprocessFailures(actor, input?.sourceId);
  });
}
