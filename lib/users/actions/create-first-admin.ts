"use server";

import { publicAction } from "@/lib/server-action";
import { firstAdminSchema } from "@/lib/users/schemas";
import { createFirstAdmin } from "@/lib/users/service";

/** Public by design, but only while the console has no user at all (the service enforces it). */
export const createFirstAdminAction = publicAction("createFirstAdmin", firstAdminSchema, async (input) => {
  const admin = await createFirstAdmin(input);
  return { email: admin.email };
});
