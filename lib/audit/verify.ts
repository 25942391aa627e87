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

export async function verifyAuditChain(options: { batchSize?: number } = {}): Promise<AuditChainStatus> {
  const take = options.batchSize ?? BATCH_SIZE;
  let expectedPrev = GENESIS_HASH;
  let previousId: bigint | null = null;
  let checked = 0;
  for (;;) {
    const rows: AuditLogEntry[] = await db.auditLogEntry.findMany({
      where: previousId === null ? {} : { id: { gt: previousId } },
      orderBy: { id: "asc" },
      take,
    });
    for (const row of rows) {
      const id = row.id.toString();
      if (row.prevHash !== expectedPrev) {
        return { ok: false, checked, firstBrokenId: id, ...(await describeBrokenLink(row.id, row.prevHash, previousId)) };
      }
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
      if (recomputed !== row.hash) {
        return {
          ok: false,
          checked,
          firstBrokenId: id,
          kind: "edited",
          reason: `Entry #${id} was changed after it was written: its content no longer matches its hash.`,
        };
      }
      expectedPrev = row.hash;
      previousId = row.id;
      checked += 1;
    }
    if (rows.length < take) break;
  }
  return { ok: true, checked, lastHash: checked === 0 ? null : expectedPrev };
}

async function describeBrokenLink(id: bigint, prevHash: string, previousId: bigint | null): Promise<{ kind: AuditBreakKind; reason: string }> {
  if (previousId === null) {
    return { kind: "missing", reason: `The entries before #${id} are missing: the start of the audit trail was deleted.` };
  }
  if (prevHash === GENESIS_HASH) {
    return { kind: "inserted", reason: `Entry #${id} claims to start the trail, but entry #${previousId} is stored before it: the trail was re-written.` };
  }
  const linked = await db.auditLogEntry.findUnique({ where: { hash: prevHash }, select: { id: true } });
  if (linked && linked.id > id) {
    return { kind: "reordered", reason: `Entry #${id} was written after entry #${linked.id} but is stored before it: entries were moved or swapped.` };
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
