import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditDiff } from "./diff";

/** Who did it: a person (the trail keeps their id and email) or a named part of the system. */
export type AuditPerson = { id: string; email: string };
export type AuditActor = AuditPerson | { system: string };
export type AuditEntryInput = {
  actor: AuditActor;
  action: string;
  target: { type: string; id?: string | null; label?: string | null };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  clientIp?: string | null;
  at?: Date;
};

export const GENESIS_HASH = "0".repeat(64);

type Tx = Prisma.TransactionClient;

/**
 * Appends an entry to the audit trail. Entries are chained: each stores the hash of the
 * previous entry and its own hash over both, so editing or deleting an entry is
 * detectable (lib/audit/verify.ts). Appends are serialized by a transaction-scoped
 * advisory lock; pass the caller's transaction so the entry commits with the change it
 * describes (and disappears with it if that change rolls back).
 */
export async function recordAudit(entry: AuditEntryInput, tx?: Tx): Promise<void> {
  if (tx) return append(tx, entry);
  await db.$transaction((inner) => append(inner, entry));
}

async function append(tx: Tx, entry: AuditEntryInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('intake:audit-log'))`;
  const last = await tx.auditLogEntry.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields = {
    at: entry.at ?? new Date(),
    actorId: "system" in entry.actor ? null : entry.actor.id,
    actorLabel: "system" in entry.actor ? entry.actor.system : entry.actor.email,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id ?? null,
    targetLabel: entry.target.label ?? null,
    diff: auditDiff(entry.before ?? null, entry.after ?? null),
    clientIp: entry.clientIp ?? null,
  };
  await tx.auditLogEntry.create({
    data: { ...fields, diff: fields.diff as Prisma.InputJsonValue, prevHash, hash: entryHash(prevHash, fields) },
  });
}

export type HashedFields = {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  diff: unknown;
  clientIp: string | null;
};

export function entryHash(prevHash: string, fields: HashedFields): string {
  return createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(canonicalJson({ ...fields, at: fields.at.toISOString() }))
    .digest("hex");
}

/** JSON with object keys sorted at every level, so the same entry always hashes the same. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(",")}}`;
}

/** The newest entry of the trail: what a report generated now can name as its anchor (id, time and hash). */
export async function latestAuditAnchor(): Promise<{ entryId: string; at: Date; hash: string }> {
  const last = await db.auditLogEntry.findFirst({
    orderBy: { id: "desc" },
    select: { id: true, at: true, hash: true },
  });
  return last
    ? { entryId: last.id.toString(), at: last.at, hash: last.hash }
    : { entryId: "0", at: new Date(0), hash: GENESIS_HASH };
}
