"use server";

import { runAction } from "@/lib/action-result";
import { requireAdmin } from "@/lib/auth/session";
import type { CredentialsStepInput } from "@/lib/sources/onboarding-schemas";
import { findAuditLogs } from "@/lib/sources/onboarding";

export async function findAuditLogsAction(input: CredentialsStepInput) {
  return runAction("findAuditLogs", async () => findAuditLogs(await requireAdmin(), input));
}
