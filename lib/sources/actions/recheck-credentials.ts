"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import { recheckCredentials } from "@/lib/sources/credential-check";
import { type SourceIdInput, sourceIdSchema } from "@/lib/sources/schemas";
import { getSource } from "@/lib/sources/service";
import { parseInput } from "@/lib/validation";

export async function recheckCredentialsAction(input: SourceIdInput) {
  return runAction("recheckCredentials", async () => {
    const actor = await requireAdmin();
    const { sourceId } = parseInput(sourceIdSchema, input);
    await getSource(actor, sourceId);
    const result = await recheckCredentials(sourceId);
    revalidatePath(`/log-sources/${sourceId}`);
    return result;
  });
}
