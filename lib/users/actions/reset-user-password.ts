"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { resetUserPassword } from "@/lib/users/passwords";
import { userIdSchema } from "@/lib/users/schemas";

/** Returns the temporary password once, for the admin to hand over; it is not stored in clear. */
export const resetUserPasswordAction = adminAction("resetUserPassword", userIdSchema, async (input, actor) => {
  const reset = await resetUserPassword(actor, input);
  revalidatePath("/settings/users");
  return reset;
});
