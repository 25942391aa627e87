"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { FinishSetupInput } from "@/lib/sources/onboarding-schemas";
import { finishSetup } from "@/lib/sources/onboarding";

export async function createSourceAction(input: FinishSetupInput) {
  return runAction("createSource", async () => {
    const source = await finishSetup(await requireAdmin(), input);
    revalidatePath("/log-sources");
    return { id: source.id };
  });
}
