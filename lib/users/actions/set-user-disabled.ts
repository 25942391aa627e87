"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import type { SetUserDisabledInput } from "@/lib/users/schemas";
import { requireAdmin } from "@/lib/auth/session";
import { setUserDisabled } from "@/lib/users/service";

export async function setUserDisabledAction(input: SetUserDisabledInput) {
  return runAction("setUserDisabled", async () => {
    const actor = await requireAdmin();
    const user = await setUserDisabled(actor, input);
    revalidatePath("/settings/users");
    return { id: user.id, disabled: user.disabled };
  });
}
