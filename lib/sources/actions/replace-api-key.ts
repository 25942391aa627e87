"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { replaceApiKeySchema } from "@/lib/sources/schemas";
import { replaceApiKey } from "@/lib/sources/service";

export const replaceApiKeyAction = adminAction("replaceApiKey", replaceApiKeySchema, async (input, actor) => {
  const source = await replaceApiKey(actor, input);
  revalidatePath(`/log-sources/${source.id}`);
  return { id: source.id, region: source.region };
});
