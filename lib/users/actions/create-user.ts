"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { createUserSchema } from "@/lib/users/schemas";
import { createUser } from "@/lib/users/service";

export const createUserAction = adminAction("createUser", createUserSchema, async (input, actor) => {
  const user = await createUser(actor, input);
  revalidatePath("/settings/users");
  return { id: user.id, email: user.email };
});
