import { z } from "zod";

/** The audit logs a source reads, as stored in LogSource.auditLogs. */
export const storedAuditLogsSchema = z.array(
  z.object({ id: z.string().min(1), name: z.string(), logsetName: z.string().nullable() }),
);
export type StoredAuditLog = z.infer<typeof storedAuditLogsSchema>[number];

export function parseStoredAuditLogs(value: unknown): StoredAuditLog[] {
  const parsed = storedAuditLogsSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

export function auditLogIds(value: unknown): string[] {
  return parseStoredAuditLogs(value).map((log) => log.id);
}
