import { db } from "@/lib/db";
import { parseInput } from "@/lib/validation";
import {
  type FullVerification,
  latestFullVerification,
  latestIntactCheckpoint,
  recordFullVerification,
} from "./checkpoints";
import { openContinuation, sealContinuation } from "./continuation";
import type { AuditPerson } from "./record";
import { type VerifyChainStepInput, verifyChainStepSchema } from "./schemas";
import {
  type AuditChainStatus,
  CHAIN_START,
  type ChainBreak,
  type ChainWalk,
  editedEntry,
  matchesItsHash,
  walkAuditChain,
} from "./verify";

/**
 * Checking the hash chain without re-reading the whole trail on every page load (it
 * grows with every sign-in):
 *
 * - On load, the audit log page verifies from the newest checkpoint (the last entry a
 *   full verification found intact): that entry must still be there with the same
 *   content and hash, and every entry written since must chain on from it. At most
 *   LOAD_CHECK_LIMIT entries are walked; beyond that the page asks for a full run.
 * - A full verification walks the whole trail on demand, VERIFY_STEP_ENTRIES entries per
 *   request so the page can show progress, and records its outcome in the trail: the
 *   next checkpoint, or where the chain breaks (which the page then shows to everyone).
 *
 * What a page load cannot see: an edit to an entry older than the checkpoint. The full
 * verification finds it; the page says when one last ran.
 */
const LOAD_CHECK_LIMIT = 5_000;
const VERIFY_STEP_ENTRIES = 20_000;

export type LoadCheck = {
  /** Verified on this load: from the first entry, or from the checkpoint. */
  from: "start" | "checkpoint";
  walk: ChainWalk;
  checkpoint: Extract<FullVerification, { result: "intact" }> | null;
  /** The newest full verification, intact or not. */
  latest: FullVerification | null;
  newestId: string | null;
};

/** For the audit log page (any signed-in person may read the audit trail, and so its state). */
export async function checkAuditChainOnLoad(options: { limit?: number } = {}): Promise<LoadCheck> {
  const limit = options.limit ?? LOAD_CHECK_LIMIT;
  const [found, latest, newestId] = await Promise.all([
    latestIntactCheckpoint(),
    latestFullVerification(),
    newestEntryId(),
  ]);
  const checkpoint =
    found?.result === "intact" && found.throughId !== null && found.throughHash !== null ? found : null;
  if (!checkpoint)
    return {
      from: "start",
      walk: await walkAuditChain(CHAIN_START, { maxEntries: limit }),
      checkpoint: null,
      latest,
      newestId,
    };

  const anchor = await anchorBreak(checkpoint.throughId!, checkpoint.throughHash!, checkpoint.checked);
  const walk =
    anchor ??
    (await walkAuditChain(
      { afterId: BigInt(checkpoint.throughId!), expectedPrev: checkpoint.throughHash!, checked: checkpoint.checked },
      { maxEntries: limit },
    ));
  return { from: "checkpoint", walk, checkpoint, latest, newestId };
}

/** The entry to mark on the page: where this load found the chain broken, or where the newest full verification did. */
export function brokenEntryId(check: LoadCheck): string | null {
  if (!check.walk.ok) return check.walk.firstBrokenId;
  return check.latest?.result === "broken" ? check.latest.firstBrokenId : null;
}

/** The checkpoint's entry must still be there, unchanged: the entries after it chain on from its hash. */
async function anchorBreak(throughId: string, throughHash: string, checked: number): Promise<ChainBreak | null> {
  const row = await db.auditLogEntry.findUnique({ where: { id: BigInt(throughId) } });
  if (!row) {
    return {
      ok: false,
      checked: checked - 1,
      firstBrokenId: throughId,
      kind: "missing",
      reason: `Entry #${throughId}, the last one a full verification found intact, is missing: it was deleted.`,
    };
  }
  if (row.hash !== throughHash || !matchesItsHash(row))
    return { ok: false, checked: checked - 1, firstBrokenId: throughId, ...editedEntry(throughId) };
  return null;
}

async function newestEntryId(): Promise<string | null> {
  const row = await db.auditLogEntry.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  return row?.id.toString() ?? null;
}

export type VerifyStep =
  | { done: false; checked: number; throughId: string | null; newestId: string | null; continuation: string }
  | { done: true; result: AuditChainStatus };

/**
 * One step of a full verification (an admin's action: its outcome is recorded for everyone,
 * as verified by `actor`). Without a continuation it starts at the first entry; the last
 * step records the outcome.
 */
export async function verifyAuditChainStep(
  actor: AuditPerson,
  raw: VerifyChainStepInput,
  options: { stepEntries?: number; batchSize?: number } = {},
): Promise<VerifyStep> {
  const input = parseInput(verifyChainStepSchema, raw);
  const from = input.continuation ? openContinuation(input.continuation) : CHAIN_START;
  const walk = await walkAuditChain(from, {
    maxEntries: options.stepEntries ?? VERIFY_STEP_ENTRIES,
    batchSize: options.batchSize,
  });
  if (walk.ok && !walk.reachedEnd) {
    return {
      done: false,
      checked: walk.position.checked,
      throughId: walk.position.afterId?.toString() ?? null,
      newestId: await newestEntryId(),
      continuation: sealContinuation(walk.position),
    };
  }
  await recordFullVerification(actor, walk);
  if (!walk.ok) return { done: true, result: walk };
  const { checked, afterId, expectedPrev } = walk.position;
  return { done: true, result: { ok: true, checked, lastHash: afterId === null ? null : expectedPrev } };
}
