"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import type { RevokeApiTokenInput } from "@/lib/api-tokens/schemas";
import { revokeApiToken } from "@/lib/api-tokens/service";
import { requireActor } from "@/lib/auth/session";

/** Owners revoke their own tokens; admins anyone's (the service checks which). */
export async function revokeApiTokenAction(input: RevokeApiTokenInput) {
  return runAction("revokeApiToken", async () => {
    const actor = await requireActor();
    const token = await revokeApiToken(actor, input);
    revalidatePath("/settings/api-tokens");
    return { id: token.id, revokedAt: token.revokedAt?.toISOString() ?? null };
  });
}
