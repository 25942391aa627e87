import { db } from "@/lib/db";
import type { AuditLogEntry } from "@/lib/generated/prisma/client";
import { GENESIS_HASH, entryHash } from "./record";

/**
 * Walks the audit trail in id order and checks both links of every entry: its stored
 * prev_hash must be the hash of the entry stored before it, and its hash must be what
 * `entryHash` computes from its stored fields. The first entry that fails says what
 * happened to it:
 *
 * - "edited":    its content no longer matches its hash (a field was changed in place);
 * - "missing":   the entry it was chained to is gone (an entry was deleted), or the
 *                first entries of the trail are gone;
 * - "reordered": the entry it was chained to still exists but is stored after it
 *                (entries were moved or swapped);
 * - "inserted":  the entry it was chained to is stored earlier than the entry right
 *                before it (an entry was slipped in afterwards).
 *
 * Limits: deleting the newest entries (truncating the tail) leaves a valid shorter
 * chain; detecting that needs the newest hash kept somewhere else.
 */
export type AuditBreakKind = "edited" | "missing" | "reordered" | "inserted";

export type AuditChainStatus =
  | { ok: true; checked: number; lastHash: string | null }
  | {
      ok: false;
      /** Entries verified intact before the broken one. */
      checked: number;
      /** The id (decimal string) of the first entry that does not verify. */
      firstBrokenId: string;
      kind: AuditBreakKind;
      reason: string;
    };

const BATCH_SIZE = 1000;

/** Where a walk of the chain stands: after entry `afterId` (null: before the first), whose hash the next entry must name. */
export type ChainPosition = { afterId: bigint | null; expectedPrev: string; checked: number };
export const CHAIN_START: ChainPosition = { afterId: null, expectedPrev: GENESIS_HASH, checked: 0 };

export type ChainBreak = { ok: false; checked: number; firstBrokenId: string; kind: AuditBreakKind; reason: string };
/** `reachedEnd` is false when the walk stopped at `maxEntries` with entries left after `position`. */
export type ChainWalk = { ok: true; position: ChainPosition; reachedEnd: boolean } | ChainBreak;

/** The whole trail, from its first entry. */
export async function verifyAuditChain(options: { batchSize?: number } = {}): Promise<AuditChainStatus> {
  const walk = await walkAuditChain(CHAIN_START, options);
  if (!walk.ok) return walk;
  return {
    ok: true,
    checked: walk.position.checked,
    lastHash: walk.position.checked === 0 ? null : walk.position.expectedPrev,
  };
}

/**
 * Checks entries after `from` in id order, at most `maxEntries` of them, so the trail
 * can be verified in steps (each resuming where the last stopped) or from a checkpoint.
 */
export async function walkAuditChain(
  from: ChainPosition,
  options: { batchSize?: number; maxEntries?: number } = {},
): Promise<ChainWalk> {
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  let { afterId, expectedPrev, checked } = from;
  let walked = 0;
  for (;;) {
    const take = Math.min(batchSize, maxEntries - walked);
    if (take <= 0) {
      const more = await db.auditLogEntry.findFirst({
        where: afterId === null ? {} : { id: { gt: afterId } },
        select: { id: true },
      });
      return { ok: true, position: { afterId, expectedPrev, checked }, reachedEnd: more === null };
    }
    const rows: AuditLogEntry[] = await db.auditLogEntry.findMany({
      where: afterId === null ? {} : { id: { gt: afterId } },
      orderBy: { id: "asc" },
      take,
    });
    for (const row of rows) {
      const id = row.id.toString();
      if (row.prevHash !== expectedPrev) {
        return { ok: false, checked, firstBrokenId: id, ...(await describeBrokenLink(row.id, row.prevHash, afterId)) };
      }
      if (!matchesItsHash(row)) return { ok: false, checked, firstBrokenId: id, ...editedEntry(id) };
      expectedPrev = row.hash;
      afterId = row.id;
      checked += 1;
      walked += 1;
    }
    if (rows.length < take) return { ok: true, position: { afterId, expectedPrev, checked }, reachedEnd: true };
  }
}

/** Whether an entry's stored fields still give its stored hash. */
export function matchesItsHash(row: AuditLogEntry): boolean {
  const recomputed = entryHash(row.prevHash, {
    at: row.at,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    targetLabel: row.targetLabel,
    diff: row.diff,
    clientIp: row.clientIp,
  });
  return recomputed === row.hash;
}

export function editedEntry(id: string): { kind: AuditBreakKind; reason: string } {
  return {
    kind: "edited",
    reason: `Entry #${id} was changed after it was written: its content no longer matches its hash.`,
  };
}

async function describeBrokenLink(
  id: bigint,
  prevHash: string,
  previousId: bigint | null,
): Promise<{ kind: AuditBreakKind; reason: string }> {
  if (previousId === null) {
    return {
      kind: "missing",
      reason: `The entries before #${id} are missing: the start of the audit trail was deleted.`,
    };
  }
  if (prevHash === GENESIS_HASH) {
    return {
      kind: "inserted",
      reason: `Entry #${id} claims to start the trail, but entry #${previousId} is stored before it: the trail was re-written.`,
    };
  }
  const linked = await db.auditLogEntry.findUnique({ where: { hash: prevHash }, select: { id: true } });
  if (linked && linked.id > id) {
    return {
      kind: "reordered",
      reason: `Entry #${id} was written after entry #${linked.id} but is stored before it: entries were moved or swapped.`,
    };
  }
  if (linked) {
    return {
      kind: "inserted",
      reason: `Entry #${id} was written right after entry #${linked.id}, but entry #${previousId} is stored between them: an entry was added to the trail after the fact.`,
    };
  }
  return {
    kind: "missing",
    reason: `The entry written before #${id} is missing (the previous stored entry is #${previousId}): an entry was deleted, or the one before it was re-written.`,
  };
}
