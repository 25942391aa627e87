import { db } from "@/lib/db";
import { remindAlert } from "./service";

/**
 * Open alerts are not forgotten: every INTAKE_ALERT_RENOTIFY_MINUTES while one stays open,
 * its destinations are told again (alert.reminded), counted from when they were last told
 * (the opening, or the previous reminder). Run by the alerts evaluation each minute; 0
 * turns reminders off. Returns the ids of the alerts reminded.
 */
export async function remindOpenAlerts(now: Date, intervalMinutes: number): Promise<string[]> {
  if (intervalMinutes <= 0) return [];
  const intervalMs = intervalMinutes * 60_000;
  const due = new Date(now.getTime() - intervalMs);
  const candidates = await db.alert.findMany({
    where: {
      status: "open",
      OR: [{ lastNotifiedAt: { lte: due } }, { lastNotifiedAt: null, firstSeenAt: { lte: due } }],
    },
    select: { id: true },
    orderBy: { firstSeenAt: "asc" },
    take: 500,
  });
  const reminded: string[] = [];
  for (const { id } of candidates) if (await remindAlert(id, now, intervalMs)) reminded.push(id);
  return reminded;
}
