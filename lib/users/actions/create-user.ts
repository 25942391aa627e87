"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import type { CreateUserInput } from "@/lib/users/schemas";
import { requireAdmin } from "@/lib/auth/session";
import { createUser } from "@/lib/users/service";

export async function createUserAction(input: CreateUserInput) {
  return runAction("createUser", async () => {
    const actor = await requireAdmin();
    const user = await createUser(actor, input);
    revalidatePath("/settings/users");
    return { id: user.id, email: user.email };
  });
}
