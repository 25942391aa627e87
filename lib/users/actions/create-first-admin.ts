"use server";

import { runAction } from "@/lib/action-result";
import type { FirstAdminInput } from "@/lib/users/schemas";
import { createFirstAdmin } from "@/lib/users/service";

/** Public by design, but only while the console has no user at all (the service enforces it). */
export async function createFirstAdminAction(input: FirstAdminInput) {
  return runAction("createFirstAdmin", async () => {
    const admin = await createFirstAdmin(input);
    return { email: admin.email };
  });
}
