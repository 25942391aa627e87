/**
 * Rapid7's `time_range` values: "today", "yesterday" and "last N <unit>", case-insensitive.
 * Months and years are approximated as 30 and 365 days; day boundaries are UTC.
 */
import { badRequest } from "./api-error";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNIT_MS: Record<string, number> = {
  min: MINUTE,
  mins: MINUTE,
  minute: MINUTE,
  minutes: MINUTE,
  hr: HOUR,
  hrs: HOUR,
  hour: HOUR,
  hours: HOUR,
  day: DAY,
  days: DAY,
  week: 7 * DAY,
  weeks: 7 * DAY,
  month: 30 * DAY,
  months: 30 * DAY,
  year: 365 * DAY,
  years: 365 * DAY,
};

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

export function parseTimeRange(text: string, nowMs: number): ResolvedRange {
  const normalized = text.trim().toLowerCase().replace(/\s+/g, " ");
  const startOfToday = Math.floor(nowMs / DAY) * DAY;
  if (normalized === "today") return { fromMs: startOfToday, toMs: nowMs };
  if (normalized === "yesterday") return { fromMs: startOfToday - DAY, toMs: startOfToday };
  const match = /^last (\d{1,6}) ([a-z]+)$/.exec(normalized);
  const unitMs = match ? UNIT_MS[match[2] ?? ""] : undefined;
  const amount = match ? Number(match[1]) : 0;
  if (!match || unitMs === undefined || amount < 1) {
    throw badRequest(
      `Invalid time_range "${text}": use today, yesterday or "last N <minutes|hours|days|weeks|months|years>"`,
    );
  }
  return { fromMs: nowMs - amount * unitMs, toMs: nowMs };
}
