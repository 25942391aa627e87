"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { unlockUser } from "@/lib/users/passwords";
import { userIdSchema } from "@/lib/users/schemas";

export const unlockUserAction = adminAction("unlockUser", userIdSchema, async (input, actor) => {
  const user = await unlockUser(actor, input);
  revalidatePath("/settings/users");
  return user;
});
