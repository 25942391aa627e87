"use server";

import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { CredentialsStepInput } from "@/lib/sources/onboarding-schemas";
import { checkApiKey } from "@/lib/sources/onboarding";

export async function checkApiKeyAction(input: CredentialsStepInput) {
  return runAction("checkApiKey", async () => checkApiKey(await requireAdmin(), input));
}
