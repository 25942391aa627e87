"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { setPausedSchema } from "@/lib/sources/schemas";
import { setSourcePaused } from "@/lib/sources/service";

export const setSourcePausedAction = adminAction(
  "setSourcePaused",
  setPausedSchema,
  async ({ sourceId, paused }, actor) => {
    await setSourcePaused(actor, sourceId, paused);
    revalidatePath(`/log-sources/${sourceId}`);
    return { paused };
  },
);
