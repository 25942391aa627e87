"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { DestinationIdInput } from "@/lib/destinations/schemas";
import { sendTestDelivery } from "@/lib/destinations/service";

export async function sendTestDeliveryAction(input: DestinationIdInput) {
  return runAction("sendTestDelivery", async () => {
    const actor = await requireAdmin();
    const result = await sendTestDelivery(actor, input);
    revalidatePath("/settings/destinations");
    return result;
  });
}
