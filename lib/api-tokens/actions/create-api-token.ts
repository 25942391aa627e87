"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import type { CreateApiTokenInput } from "@/lib/api-tokens/schemas";
import { createApiToken } from "@/lib/api-tokens/service";
import { requireActor } from "@/lib/auth/session";

/** Any signed-in person may create tokens for themselves; the token acts with their role. */
export async function createApiTokenAction(input: CreateApiTokenInput) {
  return runAction("createApiToken", async () => {
    const actor = await requireActor();
    const { token, summary } = await createApiToken(actor, input);
    revalidatePath("/settings/api-tokens");
    // The only time the full token leaves the server.
    return {
      id: summary.id,
      name: summary.name,
      prefix: summary.prefix,
      expiresAt: summary.expiresAt?.toISOString() ?? null,
      token,
    };
  });
}
