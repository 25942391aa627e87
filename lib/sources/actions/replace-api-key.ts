"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { ReplaceApiKeyInput } from "@/lib/sources/schemas";
import { replaceApiKey } from "@/lib/sources/service";

export async function replaceApiKeyAction(input: ReplaceApiKeyInput) {
  return runAction("replaceApiKey", async () => {
    const source = await replaceApiKey(await requireAdmin(), input);
    revalidatePath(`/log-sources/${source.id}`);
    return { id: source.id, region: source.region };
  });
}
