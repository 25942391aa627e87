"use server";

import { revalidatePath } from "next/cache";
import { revokeApiTokenSchema } from "@/lib/api-tokens/schemas";
import { revokeApiToken } from "@/lib/api-tokens/service";
import { memberAction } from "@/lib/server-action";

/** Owners revoke their own tokens; admins anyone's (the service checks whose token it is). */
export const revokeApiTokenAction = memberAction("revokeApiToken", revokeApiTokenSchema, async (input, actor) => {
  const token = await revokeApiToken(actor, input);
  revalidatePath("/settings/api-tokens");
  return { id: token.id, revokedAt: token.revokedAt?.toISOString() ?? null };
});
