import { db } from "@/lib/db";

/**
 * Open alerts as the console's problem surface shows them outside the Alerts page: a
 * count beside "Alerts" in the navigation, and a source's critical ones on its Overview.
 */
export async function countOpenAlerts(): Promise<number> {
  return db.alert.count({ where: { status: "open" } });
}

export type OpenCriticalAlert = { id: string; kind: string; title: string };

/** A source's open critical alerts, newest first: what its Overview's banner links to. */
export async function openCriticalAlertsFor(sourceId: string): Promise<OpenCriticalAlert[]> {
  return db.alert.findMany({
    where: { sourceId, status: "open", severity: "critical" },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, kind: true, title: true },
    take: 5,
  });
}
