import { type Actor, assertAdmin } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/jobs/queue";
import { pullSourceJob } from "@/lib/jobs/definitions/pull-source";
import { parseInput } from "@/lib/validation";
import { sealSourceApiKey } from "./api-key";
import { type CreateSourceInput, createSourceSchema } from "./schemas";
import { verifyRapid7Access } from "./verify";

/**
 * Log sources as the console sees them. Reads never select the encrypted API key;
 * writes check the actor's role here as well as in the server actions.
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
  detectionPacks: true,
  apiKeyUpdatedAt: true,
  createdAt: true,
  updatedAt: true,
  state: true,
} satisfies Prisma.LogSourceSelect;

export type SourceSummary = Prisma.LogSourceGetPayload<{ select: typeof sourceSummarySelect }>;

export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

export async function isSourceNameTaken(name: string): Promise<boolean> {
  return (await db.logSource.count({ where: { nameKey: nameKey(name) } })) > 0;
}

export async function createSource(actor: Actor, raw: CreateSourceInput): Promise<SourceSummary> {
  assertAdmin(actor);
  const input = parseInput(createSourceSchema, raw);
  if (await isSourceNameTaken(input.name)) throw nameTaken();

  // Verified again here: what the browser says it verified earlier is not evidence.
  const access = await verifyRapid7Access(input.region, input.apiKey, { previewSize: 0 });
  const chosen = input.auditLogIds.length === 0 ? access.auditLogs : access.auditLogs.filter((log) => input.auditLogIds.includes(log.id));
  if (chosen.length === 0) throw new ValidationError("None of the chosen audit logs exist in this Rapid7 organization any more. Choose again.");

  const id = crypto.randomUUID();
  const now = new Date();
  let source: SourceSummary;
  try {
    source = await db.logSource.create({
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
        state: { create: { nextPullAt: now, credentialsStatus: "ok", credentialsCheckedAt: now } },
      },
      select: sourceSummarySelect,
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw nameTaken();
    throw error;
  }
  await enqueue(pullSourceJob, { sourceId: id, trigger: "initial" });
  return source;
}

function nameTaken(): ConflictError {
  return new ConflictError("A source with this name already exists. Choose another name.", { name: "A source with this name already exists. Choose another name." });
}

export async function listSources(actor: Actor): Promise<SourceSummary[]> {
  void actor;
  return db.logSource.findMany({ select: sourceSummarySelect, orderBy: { nameKey: "asc" } });
}

export async function getSource(actor: Actor, sourceId: string): Promise<SourceSummary> {
  void actor;
  const source = await db.logSource.findUnique({ where: { id: sourceId }, select: sourceSummarySelect });
  if (!source) throw new NotFoundError("This source does not exist (it may have been deleted).");
  return source;
}

export async function setSourcePaused(actor: Actor, sourceId: string, paused: boolean): Promise<SourceSummary> {
  assertAdmin(actor);
  await getSource(actor, sourceId);
  const source = await db.logSource.update({ where: { id: sourceId }, data: { paused }, select: sourceSummarySelect });
  if (!paused) {
    await db.sourceState.update({ where: { sourceId }, data: { nextPullAt: new Date() } });
    await enqueue(pullSourceJob, { sourceId, trigger: "manual" });
  }
  return source;
}

/** Pull now: runs as soon as a worker slot is free (or right after the pull in progress). */
export async function requestPull(actor: Actor, sourceId: string): Promise<void> {
  assertAdmin(actor);
  const source = await getSource(actor, sourceId);
  if (source.paused) throw new ValidationError("This source is paused. Resume it to pull.");
  await db.sourceState.update({ where: { sourceId }, data: { nextPullAt: new Date() } });
  await enqueue(pullSourceJob, { sourceId, trigger: "manual" }, { singletonKey: `manual:${sourceId}`, singletonSeconds: 5 });
}
