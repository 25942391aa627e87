"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { sourceIdSchema } from "@/lib/sources/schemas";
import { requestPull } from "@/lib/sources/service";

export const requestPullAction = adminAction("requestPull", sourceIdSchema, async ({ sourceId }) => {
  await requestPull(sourceId);
  revalidatePath(`/log-sources/${sourceId}`);
  return null;
});
