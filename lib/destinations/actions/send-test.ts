"use server";

import { revalidatePath } from "next/cache";
import { destinationIdSchema } from "@/lib/destinations/schemas";
import { sendTestDelivery } from "@/lib/destinations/service";
import { adminAction } from "@/lib/server-action";

export const sendTestDeliveryAction = adminAction("sendTestDelivery", destinationIdSchema, async (input, actor) => {
  const result = await sendTestDelivery(actor, input);
  revalidatePath("/settings/destinations");
  return result;
});
