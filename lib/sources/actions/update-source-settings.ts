"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { updateSourceSettingsSchema } from "@/lib/sources/schemas";
import { updateSourceSettings } from "@/lib/sources/service";

export const updateSourceSettingsAction = adminAction(
  "updateSourceSettings",
  updateSourceSettingsSchema,
  async (input, actor) => {
    const source = await updateSourceSettings(actor, input);
    revalidatePath(`/log-sources/${source.id}`);
    return { id: source.id };
  },
);
