"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import { type SourceIdInput, sourceIdSchema } from "@/lib/sources/schemas";
import { requestPull } from "@/lib/sources/service";
import { parseInput } from "@/lib/validation";

export async function requestPullAction(input: SourceIdInput) {
  return runAction("requestPull", async () => {
    const actor = await requireAdmin();
    const { sourceId } = parseInput(sourceIdSchema, input);
    await requestPull(actor, sourceId);
    revalidatePath(`/log-sources/${sourceId}`);
    return null;
  });
}
