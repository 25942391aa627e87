"use server";

import { adminAction } from "@/lib/server-action";
import { nameStepSchema } from "@/lib/sources/onboarding-schemas";
import { checkSourceName } from "@/lib/sources/onboarding";

export const checkSourceNameAction = adminAction("checkSourceName", nameStepSchema, (input) => checkSourceName(input));
