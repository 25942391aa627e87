"use server";

import { adminAction } from "@/lib/server-action";
import { credentialsStepSchema } from "@/lib/sources/onboarding-schemas";
import { findAuditLogs } from "@/lib/sources/onboarding";

export const findAuditLogsAction = adminAction("findAuditLogs", credentialsStepSchema, (input) => findAuditLogs(input));
