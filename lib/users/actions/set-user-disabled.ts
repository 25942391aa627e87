"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { setUserDisabledSchema } from "@/lib/users/schemas";
import { setUserDisabled } from "@/lib/users/service";

export const setUserDisabledAction = adminAction("setUserDisabled", setUserDisabledSchema, async (input, actor) => {
  const user = await setUserDisabled(actor, input);
  revalidatePath("/settings/users");
  return { id: user.id, disabled: user.disabled };
});
