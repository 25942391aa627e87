import { z } from "zod";
import { db } from "@/lib/db";
import { type AuditActor, recordAudit } from "./record";
import type { ChainBreak, ChainPosition } from "./verify";

/**
 * Results of verifying the whole chain, kept in the audit trail itself as
 * "audit.chain_verified" entries: who verified it, when, and the outcome. An intact
 * result names the last entry it covered and that entry's hash; it is the checkpoint the
 * audit log page verifies on from, so a page load re-walks only what was written since.
 * Being entries of the chain, checkpoints are hash-chained like everything else.
 */
export const CHAIN_VERIFIED_ACTION = "audit.chain_verified";

export type FullVerification = {
  /** The audit entry that records the verification. */
  entryId: string;
  at: Date;
  actorLabel: string;
  checked: number;
} & (
  | { result: "intact"; throughId: string | null; throughHash: string | null }
  | { result: "broken"; firstBrokenId: string; kind: string; reason: string }
);

const outcomeSchema = z.discriminatedUnion("result", [
  z.object({
    result: z.literal("intact"),
    checked: z.number().int(),
    throughId: z.string().nullable(),
    throughHash: z.string().nullable(),
  }),
  z.object({
    result: z.literal("broken"),
    checked: z.number().int(),
    firstBrokenId: z.string(),
    kind: z.string(),
    reason: z.string(),
  }),
]);

export async function recordFullVerification(
  actor: AuditActor,
  outcome: { ok: true; position: ChainPosition } | ChainBreak,
  at = new Date(),
): Promise<void> {
  const after = outcome.ok
    ? {
        result: "intact",
        checked: outcome.position.checked,
        throughId: outcome.position.afterId?.toString() ?? null,
        throughHash: outcome.position.afterId === null ? null : outcome.position.expectedPrev,
      }
    : {
        result: "broken",
        checked: outcome.checked,
        firstBrokenId: outcome.firstBrokenId,
        kind: outcome.kind,
        reason: outcome.reason,
      };
  await recordAudit({
    actor,
    action: CHAIN_VERIFIED_ACTION,
    target: { type: "audit_log", label: "Audit trail" },
    after,
    at,
  });
}

/** The newest full verification, whatever it found. */
export async function latestFullVerification(): Promise<FullVerification | null> {
  return newest({});
}

/** The newest full verification that found the chain intact: where a page load verifies from. */
export async function latestIntactCheckpoint(): Promise<FullVerification | null> {
  return newest({ diff: { path: ["after", "result"], equals: "intact" } });
}

async function newest(where: object): Promise<FullVerification | null> {
  const row = await db.auditLogEntry.findFirst({
    where: { action: CHAIN_VERIFIED_ACTION, ...where },
    orderBy: { id: "desc" },
  });
  if (!row) return null;
  // An entry that does not have the shape this code writes is no checkpoint to rely on.
  const parsed = outcomeSchema.safeParse((row.diff as { after?: unknown } | null)?.after);
  if (!parsed.success) return null;
  return { entryId: row.id.toString(), at: row.at, actorLabel: row.actorLabel, ...parsed.data };
}
