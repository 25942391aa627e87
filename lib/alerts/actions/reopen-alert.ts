"use server";

import { revalidatePath } from "next/cache";
import { reopenAlertSchema } from "@/lib/alerts/schemas";
import { reopenAlert } from "@/lib/alerts/service";
import { adminAction } from "@/lib/server-action";

export const reopenAlertAction = adminAction("reopenAlert", reopenAlertSchema, async (input, actor) => {
  const alert = await reopenAlert(actor, input.alertId);
  revalidatePath("/alerts");
  revalidatePath(`/alerts/${alert.id}`);
  return { id: alert.id, status: alert.status };
});
