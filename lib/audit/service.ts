import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parseInput } from "@/lib/validation";
import type { AuditDiff } from "./diff";
import { flushSignInFailureTallies } from "./sign-in-failures";
import { AUDIT_PAGE_SIZE, type AuditFiltersInput, KNOWN_AUDIT_ACTIONS, auditFiltersSchema } from "./schemas";

/**
 * The audit trail as the console reads it: newest first, filtered by action, actor,
 * target type and time, paged by id (keyset: `before` is the smallest id already shown),
 * so every page costs the same however far back it is. Any signed-in person may read it.
 */
type AuditEntryView = {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  diff: AuditDiff;
  clientIp: string | null;
};

export type AuditPage = { entries: AuditEntryView[]; nextBefore: string | null };

export async function listAuditEntries(
  raw: AuditFiltersInput,
  options: { pageSize?: number } = {},
): Promise<AuditPage> {
  const filters = parseInput(auditFiltersSchema, raw);
  const pageSize = options.pageSize ?? AUDIT_PAGE_SIZE;
  // Failed sign-ins of windows that have closed are written now, so the page shows them all.
  await flushSignInFailureTallies();
  const where: Prisma.AuditLogEntryWhereInput = {};
  if (filters.action) where.action = filters.action;
  if (filters.targetType) where.targetType = filters.targetType;
  // Prisma's `contains` is a LIKE: % and _ would be wildcards, so they are escaped.
  if (filters.actor)
    where.actorLabel = { contains: filters.actor.replace(/[\\%_]/g, (char) => `\\${char}`), mode: "insensitive" };
  if (filters.from || filters.to)
    where.at = { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lte: filters.to } : {}) };
  if (filters.before) where.id = { lt: BigInt(filters.before) };

  const rows = await db.auditLogEntry.findMany({ where, orderBy: { id: "desc" }, take: pageSize + 1 });
  const page = rows.slice(0, pageSize);
  return {
    entries: page.map((row) => ({
      id: row.id.toString(),
      at: row.at,
      actorId: row.actorId,
      actorLabel: row.actorLabel,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      targetLabel: row.targetLabel,
      diff: asDiff(row.diff),
      clientIp: row.clientIp,
    })),
    nextBefore: rows.length > pageSize ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

/** The values the filter selects offer: every action and target type recorded so far, plus the known actions. */
export async function auditFilterOptions(): Promise<{ actions: string[]; targetTypes: string[] }> {
  const [actions, targetTypes] = await Promise.all([
    db.auditLogEntry.findMany({ distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    db.auditLogEntry.findMany({
      distinct: ["targetType"],
      select: { targetType: true },
      orderBy: { targetType: "asc" },
    }),
  ]);
  return {
    actions: [...new Set([...KNOWN_AUDIT_ACTIONS, ...actions.map((row) => row.action)])].sort(),
    targetTypes: targetTypes.map((row) => row.targetType),
  };
}

function asDiff(value: unknown): AuditDiff {
  const record = (inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner) ? (inner as Record<string, unknown>) : null;
  const diff = record(value);
  return { before: record(diff?.before), after: record(diff?.after) };
}
