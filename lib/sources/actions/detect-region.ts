"use server";

import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { DetectRegionInput } from "@/lib/sources/onboarding-schemas";
import { detectRegion } from "@/lib/sources/onboarding";

export async function detectRegionAction(input: DetectRegionInput) {
  return runAction("detectRegion", async () => detectRegion(await requireAdmin(), input));
}
