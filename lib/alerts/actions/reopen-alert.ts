"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { ReopenAlertInput } from "@/lib/alerts/schemas";
import { reopenAlert } from "@/lib/alerts/service";

export async function reopenAlertAction(input: ReopenAlertInput) {
  return runAction("reopenAlert", async () => {
    const actor = await requireAdmin();
    const alert = await reopenAlert(actor, input?.alertId);
    revalidatePath("/alerts");
    revalidatePath(`/alerts/${alert.id}`);
    return { id: alert.id, status: alert.status };
  });
}
