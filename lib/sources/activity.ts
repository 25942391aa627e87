import { db } from "@/lib/db";

/** Events stored per hour for the last `hours` hours, oldest first, per source (from the hourly counters). */
export async function hourlyActivity(
  sourceIds: string[],
  hours = 24,
  now = new Date(),
): Promise<Map<string, number[]>> {
  const end = new Date(now);
  end.setUTCMinutes(0, 0, 0);
  const start = new Date(end.getTime() - (hours - 1) * 3_600_000);
  const rows = sourceIds.length
    ? await db.sourceEventCount.findMany({
        where: { sourceId: { in: sourceIds }, hour: { gte: start } },
        select: { sourceId: true, hour: true, events: true },
      })
    : [];
  const series = new Map(sourceIds.map((id) => [id, Array.from({ length: hours }, () => 0)]));
  for (const row of rows) {
    const slot = Math.round((row.hour.getTime() - start.getTime()) / 3_600_000);
    const values = series.get(row.sourceId);
    if (values && slot >= 0 && slot < hours) values[slot] = (values[slot] ?? 0) + row.events;
  }
  return series;
}

/** Events stored per day for the last `days` days, oldest first. */
export async function dailyActivity(
  sourceId: string,
  days: number,
  now = new Date(),
): Promise<{ day: string; events: number }[]> {
  const end = new Date(now);
  end.setUTCHours(0, 0, 0, 0);
  const start = new Date(end.getTime() - (days - 1) * 86_400_000);
  const rows = await db.sourceEventCount.findMany({
    where: { sourceId, hour: { gte: start } },
    select: { hour: true, events: true },
  });
  const totals = new Map<string, number>();
  for (const row of rows) {
    const day = row.hour.toISOString().slice(0, 10);
    totals.set(day, (totals.get(day) ?? 0) + row.events);
  }
  return Array.from({ length: days }, (_, index) => {
    const day = new Date(start.getTime() + index * 86_400_000).toISOString().slice(0, 10);
    return { day, events: totals.get(day) ?? 0 };
  });
}
