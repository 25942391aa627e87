"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { DeleteSourceInput } from "@/lib/sources/schemas";
import { deleteSource } from "@/lib/sources/service";

export async function deleteSourceAction(input: DeleteSourceInput) {
  return runAction("deleteSource", async () => {
    const result = await deleteSource(await requireAdmin(), input);
    revalidatePath("/log-sources");
    return result;
  });
}
