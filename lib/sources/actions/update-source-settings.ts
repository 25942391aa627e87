"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { UpdateSourceSettingsInput } from "@/lib/sources/schemas";
import { updateSourceSettings } from "@/lib/sources/service";

export async function updateSourceSettingsAction(input: UpdateSourceSettingsInput) {
  return runAction("updateSourceSettings", async () => {
    const source = await updateSourceSettings(await requireAdmin(), input);
    revalidatePath(`/log-sources/${source.id}`);
    return { id: source.id };
  });
}
