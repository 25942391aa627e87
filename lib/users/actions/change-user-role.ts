"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import type { ChangeUserRoleInput } from "@/lib/users/schemas";
import { requireAdmin } from "@/lib/auth/session";
import { changeUserRole } from "@/lib/users/service";

export async function changeUserRoleAction(input: ChangeUserRoleInput) {
  return runAction("changeUserRole", async () => {
    const actor = await requireAdmin();
    const user = await changeUserRole(actor, input);
    revalidatePath("/settings/users");
    return { id: user.id, role: user.role };
  });
}
