"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { updateVolumeSettings } from "@/lib/sources/volume";
import { volumeSettingsSchema } from "@/lib/sources/volume-schemas";

export const updateVolumeSettingsAction = adminAction(
  "updateVolumeSettings",
  volumeSettingsSchema,
  async (input, actor) => {
    await updateVolumeSettings(actor, input);
    revalidatePath(`/log-sources/${input.sourceId}`);
    return { id: input.sourceId };
  },
);
