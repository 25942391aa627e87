"use server";

import { revalidatePath } from "next/cache";
import { updateDestinationSchema } from "@/lib/destinations/schemas";
import { updateDestination } from "@/lib/destinations/service";
import { adminAction } from "@/lib/server-action";

export const updateDestinationAction = adminAction(
  "updateDestination",
  updateDestinationSchema,
  async (input, actor) => {
    const destination = await updateDestination(actor, input);
    revalidatePath("/settings/destinations");
    return { id: destination.id, name: destination.name };
  },
);
