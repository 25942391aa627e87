"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { recheckCredentials } from "@/lib/sources/credential-check";
import { sourceIdSchema } from "@/lib/sources/schemas";
import { getSource } from "@/lib/sources/service";

export const recheckCredentialsAction = adminAction("recheckCredentials", sourceIdSchema, async ({ sourceId }) => {
  // A missing or deleted source is a NotFoundError, not a re-check of nothing.
  await getSource(sourceId);
  const result = await recheckCredentials(sourceId);
  revalidatePath(`/log-sources/${sourceId}`);
  return result;
});
