import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { personOf } from "@/lib/events/display";
import { parseInput } from "@/lib/validation";
import { dispatchDeliveries, queueNotifications } from "./notify";
import { notableChange } from "./update-notice";
import {
  ALERT_PAGE_SIZE,
  ALERT_STATUSES,
  type AlertCursor,
  type AlertFilters,
  type AlertKind,
  alertKindSchema,
  decodeAlertCursor,
  encodeAlertCursor,
  isSeverity,
  reopenAlertSchema,
  resolveAlertSchema,
  type Severity,
  SEVERITY_RANK,
  severitySchema,
} from "./schemas";

/**
 * Alerts: raised by Intake's health checks and by detection rules, resolved by Intake
 * when the problem goes away or by an admin. At most one alert is open per dedup key
 * (alerts.open_key is unique and holds the key while the alert is open); every change to
 * one key's alerts happens under a transaction-scoped advisory lock on that key, so
 * raises and resolutions from several worker machines serialize instead of racing.
 */
type Tx = Prisma.TransactionClient;

const SYSTEM_ACTOR_LABEL = "Intake";

export type RaiseAlertInput = {
  kind: AlertKind;
  severity: Severity;
  dedupKey: string;
  title: string;
  description?: string;
  sourceId?: string | null;
  ruleId?: string | null;
  eventIds?: bigint[];
  context?: Record<string, unknown>;
  at?: Date;
};

const raiseSchema = z.object({
  kind: alertKindSchema,
  severity: severitySchema,
  dedupKey: z.string().trim().min(1, "An alert needs a dedup key.").max(500),
  title: z.string().trim().min(1, "An alert needs a title.").max(500),
  description: z.string().max(10_000).optional(),
  sourceId: z.uuid().nullish(),
  ruleId: z.string().max(200).nullish(),
});

const alertPayloadSelect = {
  id: true,
  kind: true,
  severity: true,
  status: true,
  title: true,
  description: true,
  sourceId: true,
  sourceName: true,
  ruleId: true,
  dedupKey: true,
  firstSeenAt: true,
  lastSeenAt: true,
  eventCount: true,
  resolvedAt: true,
  resolution: true,
} satisfies Prisma.AlertSelect;

async function lockKey(tx: Tx, dedupKey: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`intake:alert:${dedupKey}`}, 0))`;
}

const TRANSACTION = { maxWait: 10_000, timeout: 20_000 } as const;

/**
 * Opens an alert, or updates the one open for the same dedup key (last seen, linked
 * events, an "updated" activity). Destinations are notified when an alert opens, and on
 * an update only when it escalates or its event count reaches a milestone
 * (update-notice.ts), so an ongoing problem is neither silent nor noisy.
 */
export async function raiseAlert(input: RaiseAlertInput): Promise<{ alertId: string; created: boolean }> {
  const fields = parseInput(raiseSchema, input);
  const at = input.at ?? new Date();
  const eventIds = [...new Set((input.eventIds ?? []).map((id) => id.toString()))].map((id) => BigInt(id));
  const context =
    input.context === undefined ? undefined : (JSON.parse(JSON.stringify(input.context)) as Prisma.InputJsonValue);

  const outcome = await withUniqueRetry(() =>
    db.$transaction(async (tx) => {
      await lockKey(tx, fields.dedupKey);
      const open = await tx.alert.findUnique({
        where: { openKey: fields.dedupKey },
        select: { id: true, lastSeenAt: true, severity: true, eventCount: true },
      });
      if (open) {
        const linked = await linkEvents(tx, open.id, eventIds);
        const escalate = severityRank(fields.severity) > severityRank(open.severity);
        const alert = await tx.alert.update({
          where: { id: open.id },
          data: {
            lastSeenAt: at > open.lastSeenAt ? at : open.lastSeenAt,
            eventCount: { increment: linked },
            ...(escalate ? { severity: fields.severity } : {}),
            ...(fields.description !== undefined ? { description: fields.description } : {}),
            ...(context !== undefined ? { context } : {}),
          },
          select: alertPayloadSelect,
        });
        const seen =
          linked > 0 ? `Seen again: ${linked} more matching event${linked === 1 ? "" : "s"}.` : "Seen again.";
        await tx.alertActivity.create({
          data: {
            alertId: open.id,
            at,
            action: "updated",
            actorLabel: SYSTEM_ACTOR_LABEL,
            message: escalate ? `${seen} Severity raised from ${open.severity} to ${alert.severity}.` : seen,
          },
        });
        const change = notableChange(open, alert);
        return {
          alertId: open.id,
          created: false,
          deliveries: change ? await queueNotifications(tx, alert, "updated", change) : [],
        };
      }

      const source = fields.sourceId
        ? await tx.logSource.findUnique({ where: { id: fields.sourceId }, select: { id: true, name: true } })
        : null;
      const alert = await tx.alert.create({
        data: {
          kind: fields.kind,
          severity: fields.severity,
          status: "open",
          title: fields.title,
          description: fields.description ?? null,
          sourceId: source?.id ?? null,
          sourceName: source?.name ?? null,
          ruleId: fields.ruleId ?? null,
          dedupKey: fields.dedupKey,
          openKey: fields.dedupKey,
          firstSeenAt: at,
          lastSeenAt: at,
          ...(context !== undefined ? { context } : {}),
        },
        select: alertPayloadSelect,
      });
      const linked = await linkEvents(tx, alert.id, eventIds);
      if (linked > 0) await tx.alert.update({ where: { id: alert.id }, data: { eventCount: linked } });
      await tx.alertActivity.create({
        data: {
          alertId: alert.id,
          at,
          action: "opened",
          actorLabel: SYSTEM_ACTOR_LABEL,
          message: fields.description ?? fields.title,
        },
      });
      const deliveries = await queueNotifications(tx, { ...alert, eventCount: linked }, "opened");
      return { alertId: alert.id, created: true, deliveries };
    }, TRANSACTION),
  );
  await dispatchDeliveries(outcome.deliveries);
  return { alertId: outcome.alertId, created: outcome.created };
}

/** open_key's unique index is the last line of defence; a collision means another writer won the race, so look again. */
async function withUniqueRetry<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return body();
    throw error;
  }
}

async function linkEvents(tx: Tx, alertId: string, eventIds: bigint[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const result = await tx.alertEvent.createMany({
    data: eventIds.map((eventId) => ({ alertId, eventId })),
    skipDuplicates: true,
  });
  return result.count;
}

function severityRank(severity: string): number {
  return isSeverity(severity) ? SEVERITY_RANK[severity] : -1;
}

/**
 * Sends an open alert to its destinations again (alert.reminded), at most once per
 * `intervalMs`: false when it was resolved meanwhile or was told about recently.
 */
export async function remindAlert(alertId: string, at: Date, intervalMs: number): Promise<boolean> {
  const deliveries = await db.$transaction(async (tx) => {
    const found = await findForChange(tx, alertId);
    await lockKey(tx, found.dedupKey);
    const current = await tx.alert.findUnique({
      where: { id: alertId },
      select: { ...alertPayloadSelect, lastNotifiedAt: true },
    });
    const lastTold = current ? (current.lastNotifiedAt ?? current.firstSeenAt) : null;
    if (!current || current.status !== "open" || !lastTold || at.getTime() - lastTold.getTime() < intervalMs)
      return null;
    await tx.alert.update({ where: { id: alertId }, data: { lastNotifiedAt: at } });
    return queueNotifications(tx, current, "reminded");
  }, TRANSACTION);
  if (deliveries === null) return false;
  await dispatchDeliveries(deliveries);
  return true;
}

/** Intake resolving its own alert: the problem went away. False when no alert is open for the key. */
export async function resolveAlertByKey(dedupKey: string, resolution: string, at: Date = new Date()): Promise<boolean> {
  const outcome = await db.$transaction(async (tx) => {
    await lockKey(tx, dedupKey);
    const open = await tx.alert.findUnique({ where: { openKey: dedupKey }, select: { id: true } });
    if (!open) return null;
    const alert = await tx.alert.update({
      where: { id: open.id },
      data: { status: "resolved", openKey: null, resolvedAt: at, resolvedById: null, resolution },
      select: alertPayloadSelect,
    });
    await tx.alertActivity.create({
      data: { alertId: alert.id, at, action: "resolved", actorLabel: SYSTEM_ACTOR_LABEL, message: resolution },
    });
    return queueNotifications(tx, alert, "resolved");
  }, TRANSACTION);
  if (!outcome) return false;
  await dispatchDeliveries(outcome);
  return true;
}

async function findForChange(tx: Tx, alertId: string) {
  const alert = await tx.alert.findUnique({
    where: { id: alertId },
    select: { ...alertPayloadSelect, resolvedBy: { select: { name: true } } },
  });
  if (!alert) throw new NotFoundError("This alert does not exist.");
  return alert;
}

/** An admin resolves an alert (resolveAlertAction), with an optional note. Recorded on the alert (who, when) and in the audit trail. */
export async function resolveAlert(actor: Actor, alertId: string, note?: string): Promise<AlertSummary> {
  const input = parseInput(resolveAlertSchema, { alertId, note });
  const at = new Date();
  const { summary, deliveries } = await db.$transaction(async (tx) => {
    const found = await findForChange(tx, input.alertId);
    await lockKey(tx, found.dedupKey);
    const current = await findForChange(tx, input.alertId);
    if (current.status === "resolved") {
      throw new ConflictError(
        `This alert was already resolved${current.resolvedBy ? ` by ${current.resolvedBy.name}` : " by Intake"}. Reload to see it.`,
      );
    }
    const resolution = input.note ?? `Resolved by ${actor.name}.`;
    const alert = await tx.alert.update({
      where: { id: current.id },
      data: { status: "resolved", openKey: null, resolvedAt: at, resolvedById: actor.id, resolution },
      select: alertPayloadSelect,
    });
    await tx.alertActivity.create({
      data: {
        alertId: alert.id,
        at,
        action: "resolved",
        actorId: actor.id,
        actorLabel: actor.name,
        message: input.note ?? null,
      },
    });
    await recordAudit(
      {
        actor,
        action: "alert.resolved",
        target: { type: "alert", id: alert.id, label: alert.title },
        before: { status: "open" },
        after: { status: "resolved", resolution },
        at,
      },
      tx,
    );
    return {
      summary: toSummary({ ...alert, source: null }),
      deliveries: await queueNotifications(tx, alert, "resolved"),
    };
  }, TRANSACTION);
  await dispatchDeliveries(deliveries);
  return summary;
}

/** An admin reopens a resolved alert (reopenAlertAction). Refused while another alert for the same problem is open. */
export async function reopenAlert(actor: Actor, alertId: string): Promise<AlertSummary> {
  const input = parseInput(reopenAlertSchema, { alertId });
  const at = new Date();
  const { summary, deliveries } = await db.$transaction(async (tx) => {
    const found = await findForChange(tx, input.alertId);
    await lockKey(tx, found.dedupKey);
    const current = await findForChange(tx, input.alertId);
    if (current.status === "open") throw new ConflictError("This alert is already open. Reload to see it.");
    const other = await tx.alert.findUnique({ where: { openKey: current.dedupKey }, select: { id: true } });
    if (other) throw new ConflictError("A newer alert for the same problem is open; follow that one instead.");
    const alert = await tx.alert.update({
      where: { id: current.id },
      data: { status: "open", openKey: current.dedupKey, resolvedAt: null, resolvedById: null, resolution: null },
      select: alertPayloadSelect,
    });
    await tx.alertActivity.create({
      data: { alertId: alert.id, at, action: "reopened", actorId: actor.id, actorLabel: actor.name },
    });
    await recordAudit(
      {
        actor,
        action: "alert.reopened",
        target: { type: "alert", id: alert.id, label: alert.title },
        before: { status: "resolved", resolution: current.resolution },
        after: { status: "open", resolution: null },
        at,
      },
      tx,
    );
    return {
      summary: toSummary({ ...alert, source: null }),
      deliveries: await queueNotifications(tx, alert, "reopened"),
    };
  }, TRANSACTION);
  await dispatchDeliveries(deliveries);
  return summary;
}

export type AlertSummary = {
  id: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  sourceId: string | null;
  /** The source's current name, or its name when the alert was raised if it was deleted since. */
  sourceName: string | null;
  sourceDeleted: boolean;
  ruleId: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  eventCount: number;
  resolvedAt: Date | null;
};

export type AlertPage = { alerts: AlertSummary[]; nextCursor: string | null };

const summarySelect = {
  id: true,
  kind: true,
  severity: true,
  status: true,
  title: true,
  sourceId: true,
  sourceName: true,
  ruleId: true,
  firstSeenAt: true,
  lastSeenAt: true,
  eventCount: true,
  resolvedAt: true,
  source: { select: { name: true } },
} satisfies Prisma.AlertSelect;

type SummaryRow = Omit<Prisma.AlertGetPayload<{ select: typeof summarySelect }>, "source"> & {
  source: { name: string } | null;
};

function toSummary(row: SummaryRow): AlertSummary {
  return {
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    title: row.title,
    sourceId: row.sourceId,
    sourceName: row.source?.name ?? row.sourceName,
    sourceDeleted: row.sourceId === null && row.sourceName !== null,
    ruleId: row.ruleId,
    firstSeenAt: row.firstSeenAt,
    lastSeenAt: row.lastSeenAt,
    eventCount: row.eventCount,
    resolvedAt: row.resolvedAt,
  };
}

const filtersSchema = z.object({
  status: z.enum(ALERT_STATUSES, { message: "Use open or resolved (or leave it out for both)." }).optional(),
  kind: alertKindSchema.optional(),
  severity: severitySchema.optional(),
  sourceId: z.uuid("Use a source id (a UUID).").optional(),
});

/** Alerts, most recently seen first, one keyset page at a time. Any signed-in person may list them. */
export async function listAlerts(filters: AlertFilters = {}, options: { pageSize?: number } = {}): Promise<AlertPage> {
  const where = parseInput(filtersSchema, {
    status: filters.status,
    kind: filters.kind,
    severity: filters.severity,
    sourceId: filters.sourceId,
  });
  const cursor = readCursor(filters.cursor);
  const pageSize = Math.min(Math.max(options.pageSize ?? ALERT_PAGE_SIZE, 1), 500);
  const rows = await db.alert.findMany({
    where: {
      ...where,
      ...(cursor
        ? {
            OR: [
              { lastSeenAt: { lt: new Date(cursor.lastSeenMs) } },
              { lastSeenAt: new Date(cursor.lastSeenMs), id: { lt: cursor.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: summarySelect,
  });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    alerts: page.map(toSummary),
    nextCursor:
      rows.length > pageSize && last ? encodeAlertCursor({ lastSeenMs: last.lastSeenAt.getTime(), id: last.id }) : null,
  };
}

function readCursor(cursor: AlertFilters["cursor"]): AlertCursor | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
  if (typeof cursor !== "string") return cursor;
  const decoded = decodeAlertCursor(cursor);
  if (!decoded)
    throw new ValidationError("The page position in this link is damaged. Start again from the newest alerts.", {
      cursor: "Damaged page position.",
    });
  return decoded;
}

export type AlertActivityEntry = {
  id: string;
  at: Date;
  action: string;
  actorId: string | null;
  actorLabel: string;
  message: string | null;
};
export type AlertEventRow = {
  id: string;
  eventTime: Date;
  action: string;
  result: string | null;
  who: string | null;
  description: string | null;
  sourceId: string;
};
/** How one delivery of a notification went, as the delivery logs show it (an alert's, a destination's). */
export const deliveryOutcomeSelect = {
  id: true,
  trigger: true,
  status: true,
  attempts: true,
  responseStatus: true,
  lastError: true,
  createdAt: true,
  lastAttemptAt: true,
  deliveredAt: true,
} satisfies Prisma.AlertDeliverySelect;
export type DeliveryOutcome = Prisma.AlertDeliveryGetPayload<{ select: typeof deliveryOutcomeSelect }>;

/** On an alert's page, each delivery names its destination. */
export type AlertDeliveryRow = DeliveryOutcome & {
  destinationId: string;
  destinationName: string;
  destinationType: string;
};

export type AlertDetail = AlertSummary & {
  description: string | null;
  dedupKey: string;
  context: Record<string, unknown> | null;
  resolution: string | null;
  resolvedBy: { id: string; name: string; email: string } | null;
  activities: AlertActivityEntry[];
  /** The newest matching events (at most ALERT_EVENTS_SHOWN); eventCount says how many there are. */
  events: AlertEventRow[];
  /** Earliest and latest event time of all linked events (for a Search link covering them). */
  eventTimeRange: { from: Date; to: Date } | null;
  deliveries: AlertDeliveryRow[];
};

const ALERT_EVENTS_SHOWN = 100;

/** One alert with its timeline, matching events and deliveries. Any signed-in person may read it. */
export async function getAlert(id: string): Promise<AlertDetail> {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("This alert does not exist.");
  const alert = await db.alert.findUnique({
    where: { id },
    select: {
      ...summarySelect,
      description: true,
      dedupKey: true,
      context: true,
      resolution: true,
      resolvedBy: { select: { id: true, name: true, email: true } },
      activities: { orderBy: [{ at: "asc" }, { id: "asc" }] },
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: 100,
        select: { ...deliveryOutcomeSelect, destinationId: true, destination: { select: { name: true, type: true } } },
      },
    },
  });
  if (!alert) throw new NotFoundError("This alert does not exist.");
  const links = await db.alertEvent.findMany({
    where: { alertId: id },
    orderBy: [{ event: { eventTime: "desc" } }, { eventId: "desc" }],
    take: ALERT_EVENTS_SHOWN,
    select: {
      event: {
        select: {
          id: true,
          eventTime: true,
          action: true,
          result: true,
          emails: true,
          usernames: true,
          description: true,
          sourceId: true,
        },
      },
    },
  });
  const range = await db.event.aggregate({
    where: { alerts: { some: { alertId: id } } },
    _min: { eventTime: true },
    _max: { eventTime: true },
  });
  return {
    ...toSummary(alert),
    description: alert.description,
    dedupKey: alert.dedupKey,
    context:
      alert.context && typeof alert.context === "object" && !Array.isArray(alert.context)
        ? (alert.context as Record<string, unknown>)
        : null,
    resolution: alert.resolution,
    resolvedBy: alert.resolvedBy,
    activities: alert.activities.map((a) => ({
      id: a.id.toString(),
      at: a.at,
      action: a.action,
      actorId: a.actorId,
      actorLabel: a.actorLabel,
      message: a.message,
    })),
    events: links.map(({ event }) => ({
      id: event.id.toString(),
      eventTime: event.eventTime,
      action: event.action,
      result: event.result,
      who: personOf(event),
      description: event.description,
      sourceId: event.sourceId,
    })),
    eventTimeRange:
      range._min.eventTime && range._max.eventTime ? { from: range._min.eventTime, to: range._max.eventTime } : null,
    deliveries: alert.deliveries.map(({ destination, ...delivery }) => ({
      ...delivery,
      destinationName: destination.name,
      destinationType: destination.type,
    })),
  };
}
