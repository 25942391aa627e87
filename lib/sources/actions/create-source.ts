"use server";

import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/server-action";
import { finishSetupSchema } from "@/lib/sources/onboarding-schemas";
import { createSource } from "@/lib/sources/service";

/** Finish: the one place the source is created, from what the person chose on the Finish step. */
export const createSourceAction = adminAction("createSource", finishSetupSchema, async (input, actor) => {
  const source = await createSource(actor, input);
  revalidatePath("/log-sources");
  return { id: source.id };
});
