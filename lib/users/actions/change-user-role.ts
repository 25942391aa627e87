"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { changeUserRoleSchema } from "@/lib/users/schemas";
import { changeUserRole } from "@/lib/users/service";

export const changeUserRoleAction = adminAction("changeUserRole", changeUserRoleSchema, async (input, actor) => {
  const user = await changeUserRole(actor, input);
  revalidatePath("/settings/users");
  return { id: user.id, role: user.role };
});
