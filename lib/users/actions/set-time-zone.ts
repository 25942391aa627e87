"use server";

import { memberAction } from "@/lib/server-action";
import { setTimeZone } from "@/lib/users/preferences";
import { setTimeZoneSchema } from "@/lib/users/schemas";

/** Any signed-in person, for their own account. */
export const setTimeZoneAction = memberAction("setTimeZone", setTimeZoneSchema, async ({ timeZone }, actor) => {
  await setTimeZone(actor, timeZone);
  return { timeZone };
});
