"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import { resetUserPassword } from "@/lib/users/passwords";
import type { UserIdInput } from "@/lib/users/schemas";

/** Returns the temporary password once, for the admin to hand over; it is not stored in clear. */
export async function resetUserPasswordAction(input: UserIdInput) {
  return runAction("resetUserPassword", async () => {
    const actor = await requireAdmin();
    const reset = await resetUserPassword(actor, input);
    revalidatePath("/settings/users");
    return reset;
  });
}
