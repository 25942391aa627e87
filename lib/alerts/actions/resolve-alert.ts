"use server";

import { revalidatePath } from "next/cache";
import { resolveAlertSchema } from "@/lib/alerts/schemas";
import { resolveAlert } from "@/lib/alerts/service";
import { adminAction } from "@/lib/server-action";

export const resolveAlertAction = adminAction("resolveAlert", resolveAlertSchema, async (input, actor) => {
  const alert = await resolveAlert(actor, input.alertId, input.note);
  revalidatePath("/alerts");
  revalidatePath(`/alerts/${alert.id}`);
  return { id: alert.id, status: alert.status };
});
