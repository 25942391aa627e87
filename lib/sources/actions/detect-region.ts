"use server";

import { adminAction } from "@/lib/server-action";
import { detectRegionSchema } from "@/lib/sources/onboarding-schemas";
import { detectRegion } from "@/lib/sources/onboarding";

export const detectRegionAction = adminAction("detectRegion", detectRegionSchema, (input) => detectRegion(input));
