"use server";

import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { NameStepInput } from "@/lib/sources/onboarding-schemas";
import { checkSourceName } from "@/lib/sources/onboarding";

export async function checkSourceNameAction(input: NameStepInput) {
  return runAction("checkSourceName", async () => checkSourceName(await requireAdmin(), input));
}
