"use server";

import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { PreviewInput } from "@/lib/sources/onboarding-schemas";
import { previewAuditLogs } from "@/lib/sources/onboarding";

export async function previewAuditLogsAction(input: PreviewInput) {
  return runAction("previewAuditLogs", async () => previewAuditLogs(await requireAdmin(), input));
}
