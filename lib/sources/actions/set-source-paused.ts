"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import { type SetPausedInput, setPausedSchema } from "@/lib/sources/schemas";
import { setSourcePaused } from "@/lib/sources/service";
import { parseInput } from "@/lib/validation";

export async function setSourcePausedAction(input: SetPausedInput) {
  return runAction("setSourcePaused", async () => {
    const actor = await requireAdmin();
    const { sourceId, paused } = parseInput(setPausedSchema, input);
    await setSourcePaused(actor, sourceId, paused);
    revalidatePath(`/log-sources/${sourceId}`);
    return { paused };
  });
}
