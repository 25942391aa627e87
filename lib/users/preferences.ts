import { cache } from "react";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { DEFAULT_TIME_ZONE, isTimeZone } from "@/lib/text/time-zones";

/**
 * The zone this person reads times in. Read once per request (the console layout hands it
 * to every component through the time-zone provider). A zone the runtime no longer knows
 * (tz data renamed it) falls back to UTC rather than breaking every page.
 */
export const timeZoneOf = cache(async (userId: string): Promise<string> => {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true } });
  return user && isTimeZone(user.timeZone) ? user.timeZone : DEFAULT_TIME_ZONE;
});

/** A personal preference, not a change to the console: it is not written to the audit log. */
export async function setTimeZone(actor: Actor, timeZone: string): Promise<void> {
  await db.user.update({ where: { id: actor.id }, data: { timeZone } });
}
