"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { deleteSourceSchema } from "@/lib/sources/schemas";
import { deleteSource } from "@/lib/sources/service";

export const deleteSourceAction = adminAction("deleteSource", deleteSourceSchema, async (input, actor) => {
  const result = await deleteSource(actor, input);
  revalidatePath("/log-sources");
  return result;
});
