"use server";

import { adminAction } from "@/lib/server-action";
import { credentialsStepSchema } from "@/lib/sources/onboarding-schemas";
import { checkApiKey } from "@/lib/sources/onboarding";

export const checkApiKeyAction = adminAction("checkApiKey", credentialsStepSchema, (input) => checkApiKey(input));
