"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { ResolveAlertInput } from "@/lib/alerts/schemas";
import { resolveAlert } from "@/lib/alerts/service";

export async function resolveAlertAction(input: ResolveAlertInput) {
  return runAction("resolveAlert", async () => {
    const actor = await requireAdmin();
    const alert = await resolveAlert(actor, input?.alertId, input?.note);
    revalidatePath("/alerts");
    revalidatePath(`/alerts/${alert.id}`);
    return { id: alert.id, status: alert.status };
  });
}
