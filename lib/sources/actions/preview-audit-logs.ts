"use server";

import { adminAction } from "@/lib/server-action";
import { previewSchema } from "@/lib/sources/onboarding-schemas";
import { previewAuditLogs } from "@/lib/sources/onboarding";

export const previewAuditLogsAction = adminAction("previewAuditLogs", previewSchema, (input) =>
  previewAuditLogs(input),
);
