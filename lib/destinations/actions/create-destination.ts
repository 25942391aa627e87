"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { CreateDestinationInput } from "@/lib/destinations/schemas";
import { createDestination } from "@/lib/destinations/service";

export async function createDestinationAction(input: CreateDestinationInput) {
  return runAction("createDestination", async () => {
    const actor = await requireAdmin();
    const destination = await createDestination(actor, input);
    revalidatePath("/settings/destinations");
    return { id: destination.id, name: destination.name };
  });
}
