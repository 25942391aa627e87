"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { DestinationIdInput } from "@/lib/destinations/schemas";
import { deleteDestination } from "@/lib/destinations/service";

export async function deleteDestinationAction(input: DestinationIdInput) {
  return runAction("deleteDestination", async () => {
    const actor = await requireAdmin();
    const deleted = await deleteDestination(actor, input);
    revalidatePath("/settings/destinations");
    return deleted;
  });
}
