"use server";

import { revalidatePath } from "next/cache";
import { destinationIdSchema } from "@/lib/destinations/schemas";
import { deleteDestination } from "@/lib/destinations/service";
import { adminAction } from "@/lib/server-action";

export const deleteDestinationAction = adminAction("deleteDestination", destinationIdSchema, async (input, actor) => {
  const deleted = await deleteDestination(actor, input);
  revalidatePath("/settings/destinations");
  return deleted;
});
