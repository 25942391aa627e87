"use server";

import { revalidatePath } from "next/cache";
import { createDestinationSchema } from "@/lib/destinations/schemas";
import { createDestination } from "@/lib/destinations/service";
import { adminAction } from "@/lib/server-action";

export const createDestinationAction = adminAction(
  "createDestination",
  createDestinationSchema,
  async (input, actor) => {
    const destination = await createDestination(actor, input);
    revalidatePath("/settings/destinations");
    return { id: destination.id, name: destination.name };
  },
);
