import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/roles";
import { db, pool } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import type { VolumeFacts } from "./health/volume";
import { getSource } from "./service";
import type { MaintenanceWindowValues, VolumeSettingsValues } from "./volume-schemas";

/**
 * Volume that knows the week. The baseline of an hour is the average number of events the
 * source stored in the same hour of the week over the past BASELINE_WEEKS weeks (from
 * source_event_counts, hours without a row counting as zero), so Monday 9:00 is compared
 * with earlier Mondays at 9:00 and a quiet Sunday night is not an alarm. Maintenance
 * windows, each with an owner and an expiry, suppress the low-volume alert while they last.
 */
const BASELINE_WEEKS = 8;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

type VolumeSettings = {
  id: string;
  lowVolumeAlertEnabled: boolean;
  lowVolumeWarnPercent: number;
  lowVolumeErrorPercent: number;
};

/** Start of the last complete hour before `now` (UTC). */
function lastCompleteHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS);
}

const BASELINE = `
SELECT c.source_id,
       min(c.hour) AS first_hour,
       coalesce(sum(c.events) FILTER (WHERE c.hour = $2), 0)::int AS events,
       coalesce(sum(c.events) FILTER (WHERE c.hour = ANY($3::timestamptz[])), 0)::int AS past_events
FROM source_event_counts c
WHERE c.source_id = ANY($1::uuid[])
GROUP BY c.source_id`;

/** The low-volume facts of the sources that have the alert on (one query for all, one for their maintenance windows). */
export async function volumeFactsOf(sources: VolumeSettings[], now: Date): Promise<Map<string, VolumeFacts>> {
  const enabled = sources.filter((source) => source.lowVolumeAlertEnabled);
  if (enabled.length === 0) return new Map();
  const hour = lastCompleteHour(now);
  const pastHours = Array.from({ length: BASELINE_WEEKS }, (_, k) => new Date(hour.getTime() - (k + 1) * WEEK_MS));
  const ids = enabled.map((source) => source.id);
  const [{ rows }, windows] = await Promise.all([
    pool().query<{ source_id: string; first_hour: Date; events: number; past_events: number }>(BASELINE, [
      ids,
      hour,
      pastHours,
    ]),
    activeMaintenance(ids, now),
  ]);
  const bySource = new Map(rows.map((row) => [row.source_id, row]));
  return new Map(
    enabled.map((source) => {
      const row = bySource.get(source.id);
      const weeksLearned = row
        ? Math.min(BASELINE_WEEKS, Math.floor((hour.getTime() - row.first_hour.getTime()) / WEEK_MS))
        : 0;
      const window = windows.get(source.id);
      const facts: VolumeFacts = {
        enabled: true,
        warnPercent: source.lowVolumeWarnPercent,
        errorPercent: source.lowVolumeErrorPercent,
        hour,
        events: row?.events ?? 0,
        expected: row && weeksLearned > 0 ? row.past_events / weeksLearned : null,
        weeksLearned,
        maintenance: window ? { reason: window.reason, ownerName: window.ownerName, endsAt: window.endsAt } : null,
      };
      return [source.id, facts];
    }),
  );
}

async function activeMaintenance(sourceIds: string[], now: Date) {
  const windows = await db.maintenanceWindow.findMany({
    where: { sourceId: { in: sourceIds }, startsAt: { lte: now }, endsAt: { gt: now } },
    orderBy: { endsAt: "desc" },
  });
  const bySource = new Map<string, (typeof windows)[number]>();
  for (const window of windows) if (!bySource.has(window.sourceId)) bySource.set(window.sourceId, window);
  return bySource;
}

export async function updateVolumeSettings(actor: Actor, input: VolumeSettingsValues): Promise<void> {
  const before = await getSource(input.sourceId);
  const previous = await db.logSource.findUniqueOrThrow({
    where: { id: input.sourceId },
    select: { lowVolumeAlertEnabled: true, lowVolumeWarnPercent: true, lowVolumeErrorPercent: true },
  });
  const after = {
    lowVolumeAlertEnabled: input.lowVolumeAlertEnabled,
    lowVolumeWarnPercent: input.lowVolumeWarnPercent,
    lowVolumeErrorPercent: input.lowVolumeErrorPercent,
  };
  await db.$transaction(async (tx) => {
    await tx.logSource.update({ where: { id: input.sourceId }, data: after });
    await recordAudit(
      {
        actor,
        action: "source.volume_alert_updated",
        target: { type: "source", id: input.sourceId, label: before.name },
        before: previous,
        after,
      },
      tx,
    );
  });
}

export type MaintenanceWindowView = {
  id: string;
  reason: string;
  ownerName: string;
  startsAt: Date;
  endsAt: Date;
};

/** Windows that have not expired yet, soonest first. */
export async function listMaintenanceWindows(sourceId: string, now = new Date()): Promise<MaintenanceWindowView[]> {
  return db.maintenanceWindow.findMany({
    where: { sourceId, endsAt: { gt: now } },
    orderBy: { startsAt: "asc" },
    select: { id: true, reason: true, ownerName: true, startsAt: true, endsAt: true },
  });
}

export async function addMaintenanceWindow(
  actor: Actor,
  input: MaintenanceWindowValues,
  now = new Date(),
): Promise<MaintenanceWindowView> {
  const source = await getSource(input.sourceId);
  const startsAt = new Date(now.getTime() + input.startsInHours * HOUR_MS);
  const endsAt = new Date(startsAt.getTime() + input.durationHours * HOUR_MS);
  return db.$transaction(async (tx) => {
    const window = await tx.maintenanceWindow.create({
      data: { sourceId: source.id, startsAt, endsAt, reason: input.reason, ownerId: actor.id, ownerName: actor.name },
      select: { id: true, reason: true, ownerName: true, startsAt: true, endsAt: true },
    });
    await recordAudit(
      {
        actor,
        action: "source.maintenance_window_added",
        target: { type: "source", id: source.id, label: source.name },
        after: { reason: input.reason, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
      },
      tx,
    );
    return window;
  });
}

/** Ends a window now (it stays in the audit trail). */
export async function endMaintenanceWindow(
  actor: Actor,
  input: { sourceId: string; windowId: string },
  now = new Date(),
): Promise<void> {
  const source = await getSource(input.sourceId);
  await db.$transaction(async (tx) => {
    const ended = await tx.maintenanceWindow.updateMany({
      where: { id: input.windowId, sourceId: source.id, endsAt: { gt: now } },
      data: { endsAt: now },
    });
    if (ended.count === 0) throw new NotFoundError("This maintenance window has already ended.");
    await recordAudit(
      {
        actor,
        action: "source.maintenance_window_ended",
        target: { type: "source", id: source.id, label: source.name },
        after: { windowId: input.windowId, endedAt: now.toISOString() },
      },
      tx,
    );
  });
}
