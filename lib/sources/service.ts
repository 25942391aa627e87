import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/roles";
import { db, pool } from "@/lib/db";
import { isKnownPack } from "@/lib/detections/catalog";
import { initDetectionCursor } from "@/lib/detections/cursor";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { sealSourceApiKey } from "./api-key";
import { parseStoredAuditLogs } from "./audit-logs";
import { enqueuePull } from "./jobs";
import type {
  CreateSourceValues,
  DeleteSourceValues,
  ReplaceApiKeyValues,
  UpdateSourceSettingsValues,
} from "./schemas";
import type { SourceListKeys } from "./list-view";
import { initialState, markKeyReplaced, markPullDue } from "./state";
import { verifyRapid7Access } from "./verify";

/**
 * Log sources as the console sees them. Reads never select the encrypted API key; every
 * change is recorded in the audit trail in the same transaction. Who may do what is
 * decided at the boundary (server actions, REST routes, pages) before anything here is
 * called, and inputs arrive parsed by the schema the form and the boundary share.
 */
export const sourceSummarySelect = {
  id: true,
  name: true,
  logType: true,
  region: true,
  auditLogs: true,
  pullIntervalMinutes: true,
  initialLookbackHours: true,
  retentionDays: true,
  paused: true,
  noEventsAlertEnabled: true,
  noEventsThresholdMinutes: true,
  lowVolumeAlertEnabled: true,
  lowVolumeWarnPercent: true,
  lowVolumeErrorPercent: true,
  detectionPacks: true,
  apiKeyUpdatedAt: true,
  createdAt: true,
  updatedAt: true,
  state: true,
} satisfies Prisma.LogSourceSelect;

export type SourceSummary = Prisma.LogSourceGetPayload<{ select: typeof sourceSummarySelect }>;

const ACTIVE = { deletedAt: null } as const;

export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

export async function isSourceNameTaken(name: string, exceptId?: string): Promise<boolean> {
  return (
    (await db.logSource.count({ where: { nameKey: nameKey(name), ...(exceptId ? { id: { not: exceptId } } : {}) } })) >
    0
  );
}

function nameTaken(): ConflictError {
  const message = "A source with this name already exists. Choose another name.";
  return new ConflictError(message, { name: message });
}

function unknownPacks(packs: string[]): void {
  const unknown = packs.filter((pack) => !isKnownPack(pack));
  if (unknown.length)
    throw new ValidationError(`Unknown detection pack: ${unknown.join(", ")}.`, {
      detectionPacks: "Choose packs from the list.",
    });
}

/** What the audit trail shows of a source: its settings, never the key. */
function auditView(
  source: Pick<
    SourceSummary,
    | "name"
    | "region"
    | "pullIntervalMinutes"
    | "retentionDays"
    | "paused"
    | "noEventsAlertEnabled"
    | "noEventsThresholdMinutes"
    | "detectionPacks"
    | "auditLogs"
  >,
) {
  return {
    name: source.name,
    region: source.region,
    pullIntervalMinutes: source.pullIntervalMinutes,
    retentionDays: source.retentionDays,
    paused: source.paused,
    noEventsAlertEnabled: source.noEventsAlertEnabled,
    noEventsThresholdMinutes: source.noEventsThresholdMinutes,
    detectionPacks: source.detectionPacks,
    auditLogs: parseStoredAuditLogs(source.auditLogs).map((log) => log.name),
  };
}

export async function createSource(actor: Actor, input: CreateSourceValues): Promise<SourceSummary> {
  if (await isSourceNameTaken(input.name)) throw nameTaken();
  unknownPacks(input.detectionPacks);

  // Verified again here: what the browser says it verified earlier is not evidence.
  const access = await verifyRapid7Access(input.region, input.apiKey, { previewSize: 0 });
  const wanted = input.auditLogIds ?? [];
  const chosen = wanted.length === 0 ? access.auditLogs : access.auditLogs.filter((log) => wanted.includes(log.id));
  if (chosen.length === 0)
    throw new ValidationError(
      "None of the chosen audit logs exist in this Rapid7 organization any more. Choose again.",
    );

  const id = crypto.randomUUID();
  const now = new Date();
  let source: SourceSummary;
  try {
    source = await db.$transaction(async (tx) => {
      const created = await tx.logSource.create({
        data: {
          id,
          name: input.name,
          nameKey: nameKey(input.name),
          region: input.region,
          ...sealSourceApiKey(id, input.apiKey),
          apiKeyUpdatedAt: now,
          auditLogs: chosen,
          pullIntervalMinutes: input.pullIntervalMinutes,
          initialLookbackHours: input.initialLookbackHours,
          retentionDays: input.retentionDays,
          noEventsAlertEnabled: input.noEventsAlertEnabled,
          noEventsThresholdMinutes: input.noEventsThresholdMinutes,
          detectionPacks: input.detectionPacks,
          createdById: actor.id,
          state: { create: initialState(now) },
        },
        select: sourceSummarySelect,
      });
      // Packs chosen at setup look at every event the source stores, from the first.
      if (input.detectionPacks.length > 0) await initDetectionCursor(tx, id, { fromStart: true });
      await recordAudit(
        {
          actor,
          action: "source.created",
          target: { type: "source", id, label: created.name },
          after: { ...auditView(created), apiKey: "[set]" },
        },
        tx,
      );
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw nameTaken();
    throw error;
  }
  await enqueuePull(id, "initial");
  return source;
}

/** Every source, or those of `ids` (in name order either way). */
export async function listSources(ids?: string[]): Promise<SourceSummary[]> {
  return db.logSource.findMany({
    where: ids ? { id: { in: ids }, ...ACTIVE } : ACTIVE,
    select: sourceSummarySelect,
    orderBy: { nameKey: "asc" },
  });
}

type ListKeys = Omit<SourceListKeys, "healthStatus" | "events24h">;

/**
 * Just what the Log Sources list filters and sorts every source by, without health or
 * volume. Plain SQL: it reads a row for every source on every view of the list, and
 * Prisma's mapping of a thousand rows with their state cost about 6 ms of the web
 * process's CPU a view against 1 ms for this.
 */
export async function listSourceListKeys(): Promise<ListKeys[]> {
  const { rows } = await pool().query<ListKeys>(
    `SELECT s.id, s.name, s.log_type AS "logType",
            st.last_event_received_at AS "lastEventReceivedAt", st.last_event_stored_at AS "lastEventStoredAt"
       FROM log_sources s LEFT JOIN source_states st ON st.source_id = s.id
      WHERE s.deleted_at IS NULL`,
  );
  return rows;
}

export async function getSource(sourceId: string): Promise<SourceSummary> {
  const source = await db.logSource.findFirst({ where: { id: sourceId, ...ACTIVE }, select: sourceSummarySelect });
  if (!source) throw new NotFoundError("This source does not exist (it may have been deleted).");
  return source;
}

export async function setSourcePaused(actor: Actor, sourceId: string, paused: boolean): Promise<SourceSummary> {
  const before = await getSource(sourceId);
  const source = await db.$transaction(async (tx) => {
    const updated = await tx.logSource.update({
      where: { id: sourceId },
      data: { paused },
      select: sourceSummarySelect,
    });
    if (!paused) await markPullDue(sourceId, new Date(), tx);
    if (before.paused !== paused) {
      await recordAudit(
        {
          actor,
          action: paused ? "source.paused" : "source.resumed",
          target: { type: "source", id: sourceId, label: before.name },
          before: { paused: before.paused },
          after: { paused },
        },
        tx,
      );
    }
    return updated;
  });
  if (!paused) await enqueuePull(sourceId, "manual");
  return source;
}

/** Pull now: runs as soon as a worker slot is free (or right after the pull in progress). */
export async function requestPull(sourceId: string): Promise<void> {
  const source = await getSource(sourceId);
  if (source.paused) throw new ValidationError("This source is paused. Resume it to pull.");
  await markPullDue(sourceId, new Date());
  await enqueuePull(sourceId, "manual", 5);
}

export async function updateSourceSettings(actor: Actor, input: UpdateSourceSettingsValues): Promise<SourceSummary> {
  const before = await getSource(input.sourceId);
  if (await isSourceNameTaken(input.name, input.sourceId)) throw nameTaken();
  unknownPacks(input.detectionPacks);
  const known = parseStoredAuditLogs(before.auditLogs);
  const auditLogs = known.filter((log) => input.auditLogIds.includes(log.id));
  if (auditLogs.length !== input.auditLogIds.length)
    throw new ValidationError("Choose audit logs from the list.", { auditLogIds: "Choose audit logs from the list." });
  try {
    return await db.$transaction(async (tx) => {
      const updated = await tx.logSource.update({
        where: { id: input.sourceId },
        data: {
          name: input.name,
          nameKey: nameKey(input.name),
          pullIntervalMinutes: input.pullIntervalMinutes,
          retentionDays: input.retentionDays,
          noEventsAlertEnabled: input.noEventsAlertEnabled,
          noEventsThresholdMinutes: input.noEventsThresholdMinutes,
          detectionPacks: input.detectionPacks,
          auditLogs,
        },
        select: sourceSummarySelect,
      });
      // Packs turned on later look at events stored from now on; re-initialising while
      // packs stay on would skip events not yet evaluated.
      if (before.detectionPacks.length === 0 && input.detectionPacks.length > 0)
        await initDetectionCursor(tx, input.sourceId, { fromStart: false });
      await recordAudit(
        {
          actor,
          action: "source.updated",
          target: { type: "source", id: updated.id, label: updated.name },
          before: auditView(before),
          after: auditView(updated),
        },
        tx,
      );
      return updated;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw nameTaken();
    throw error;
  }
}

/**
 * Replaces the key (and, with it, possibly the region). The new key is checked against
 * Rapid7 first, including reading the audit logs, so a typo never breaks a working source.
 */
export async function replaceApiKey(actor: Actor, input: ReplaceApiKeyValues): Promise<SourceSummary> {
  const before = await getSource(input.sourceId);
  const access = await verifyRapid7Access(input.region, input.apiKey, { previewSize: 0 });
  const wanted = new Set(parseStoredAuditLogs(before.auditLogs).map((log) => log.id));
  const stillThere = access.auditLogs.filter((log) => wanted.has(log.id));
  // A key for another organization sees other logs: keep the source's own when they exist, else take the new ones.
  const auditLogs = stillThere.length > 0 ? stillThere : access.auditLogs;
  const now = new Date();
  const source = await db.$transaction(async (tx) => {
    const updated = await tx.logSource.update({
      where: { id: input.sourceId },
      data: {
        ...sealSourceApiKey(input.sourceId, input.apiKey),
        region: input.region,
        apiKeyUpdatedAt: now,
        auditLogs,
      },
      select: sourceSummarySelect,
    });
    await markKeyReplaced(input.sourceId, now, tx);
    await recordAudit(
      {
        actor,
        action: "source.key_replaced",
        target: { type: "source", id: input.sourceId, label: before.name },
        before: { apiKey: "old", region: before.region },
        after: { apiKey: "new", region: input.region },
      },
      tx,
    );
    return updated;
  });
  if (!source.paused) await enqueuePull(input.sourceId, "manual");
  return source;
}

/**
 * Deletes a source. Purging removes its events, failures and history with it; keeping
 * the events leaves them searchable under the source's name while the source itself
 * stops, its key is erased and its name becomes free again.
 */
export async function deleteSource(actor: Actor, input: DeleteSourceValues): Promise<{ keptEvents: boolean }> {
  const source = await getSource(input.sourceId);
  if (input.confirmName.trim() !== source.name) {
    throw new ValidationError("Type the source's name exactly to confirm.", {
      confirmName: `Type "${source.name}" to confirm.`,
    });
  }
  await db.$transaction(async (tx) => {
    await recordAudit(
      {
        actor,
        action: "source.deleted",
        target: { type: "source", id: source.id, label: source.name },
        before: auditView(source),
        after: { keptEvents: input.keepEvents },
      },
      tx,
    );
    if (input.keepEvents) {
      await tx.logSource.update({
        where: { id: source.id },
        data: {
          deletedAt: new Date(),
          paused: true,
          nameKey: `deleted:${source.id}`,
          apiKeyEncrypted: "erased",
          apiKeyFingerprint: "erased",
        },
      });
    } else {
      await tx.logSource.delete({ where: { id: source.id } });
    }
  });
  return { keptEvents: input.keepEvents };
}
