"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import { unlockUser } from "@/lib/users/passwords";
import type { UserIdInput } from "@/lib/users/schemas";

export async function unlockUserAction(input: UserIdInput) {
  return runAction("unlockUser", async () => {
    const actor = await requireAdmin();
    const user = await unlockUser(actor, input);
    revalidatePath("/settings/users");
    return user;
  });
}
