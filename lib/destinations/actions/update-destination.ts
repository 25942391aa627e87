"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { UpdateDestinationInput } from "@/lib/destinations/schemas";
import { updateDestination } from "@/lib/destinations/service";

export async function updateDestinationAction(input: UpdateDestinationInput) {
  return runAction("updateDestination", async () => {
    const actor = await requireAdmin();
    const destination = await updateDestination(actor, input);
    revalidatePath("/settings/destinations");
    return { id: destination.id, name: destination.name };
  });
}
