"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { addMaintenanceWindow, endMaintenanceWindow } from "@/lib/sources/volume";
import { endMaintenanceWindowSchema, maintenanceWindowSchema } from "@/lib/sources/volume-schemas";

/** A maintenance window starts now or later and expires by itself; its owner is the admin who adds it. */
export const addMaintenanceWindowAction = adminAction(
  "addMaintenanceWindow",
  maintenanceWindowSchema,
  async (input, actor) => {
    const window = await addMaintenanceWindow(actor, input);
    revalidatePath(`/log-sources/${input.sourceId}`);
    return { id: window.id };
  },
);

export const endMaintenanceWindowAction = adminAction(
  "endMaintenanceWindow",
  endMaintenanceWindowSchema,
  async (input, actor) => {
    await endMaintenanceWindow(actor, input);
    revalidatePath(`/log-sources/${input.sourceId}`);
    return { id: input.windowId };
  },
);
