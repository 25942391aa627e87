"use server";

import { revalidatePath } from "next/cache";
import { createApiTokenSchema } from "@/lib/api-tokens/schemas";
import { createApiToken } from "@/lib/api-tokens/service";
import { memberAction } from "@/lib/server-action";

/** Any signed-in person may create tokens for themselves; the token acts with their role. */
export const createApiTokenAction = memberAction("createApiToken", createApiTokenSchema, async (input, actor) => {
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
