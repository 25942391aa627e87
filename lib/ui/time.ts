/**
 * The console's one way of showing a time, in the zone the reader chose (Settings >
 * Account; UTC until they do). Relative times ("5 min ago") where recency matters, with the
 * exact time on hover; one absolute format, "2026-12-06 14:05:09 UTC", wherever a time is
 * read exactly (tables, ranges, facts). components/ui/time.tsx renders both.
 */
type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** en-US for the zone's short name ("UTC", "GMT+9"); h23 so midnight is 00, never 24. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(date: Date, timeZone: string): WallClock & { zone: string } {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  const number = (type: string) => Number(parts[type]);
  return {
    year: number("year"),
    month: number("month"),
    day: number("day"),
    hour: number("hour"),
    minute: number("minute"),
    second: number("second"),
    zone: parts.timeZoneName ?? timeZone,
  };
}

const pad = (value: number) => String(value).padStart(2, "0");

function wallClockText(clock: WallClock, separator: " " | "T", seconds: boolean): string {
  const time = `${pad(clock.hour)}:${pad(clock.minute)}${seconds ? `:${pad(clock.second)}` : ""}`;
  return `${clock.year}-${pad(clock.month)}-${pad(clock.day)}${separator}${time}`;
}

/** "2026-12-06 14:05:09 UTC", "2026-12-06 23:05:09 GMT+9": sortable, and the zone is named. */
export function formatAbsolute(value: Date | string, timeZone: string): string {
  const clock = wallClock(new Date(value), timeZone);
  return `${wallClockText(clock, " ", true)} ${clock.zone}`;
}

/** The hover text: the absolute time, and the zone's full name when it is not UTC. */
export function formatExact(value: Date | string, timeZone: string): string {
  const absolute = formatAbsolute(value, timeZone);
  return timeZone === "UTC" ? absolute : `${absolute} (${timeZone})`;
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; "in 5 min" for a time ahead. */
export function formatRelativeTime(value: Date | string, now = new Date()): string {
  const seconds = Math.round((now.getTime() - new Date(value).getTime()) / 1000);
  const ahead = seconds < 0;
  const span = Math.abs(seconds);
  if (span < 5) return "just now";
  const amount =
    span < 60
      ? `${span} s`
      : span < 3600
        ? `${Math.floor(span / 60)} min`
        : span < 48 * 3600
          ? `${Math.floor(span / 3600)} h`
          : `${Math.floor(span / 86_400)} d`;
  return ahead ? `in ${amount}` : `${amount} ago`;
}

/** How far the zone's clock is ahead of UTC at this instant, in milliseconds. */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const clock = wallClock(date, timeZone);
  const asUtc = Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** What a datetime-local input shows for an instant, in the reader's zone: "2026-12-06T14:05" (seconds only when set). */
export function toZoneInputValue(date: Date, timeZone: string): string {
  const clock = wallClock(date, timeZone);
  return wallClockText(clock, "T", clock.second !== 0);
}

const INPUT_VALUE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/;

/**
 * The instant a datetime-local value means in the reader's zone, or null if it is not one.
 * A wall time skipped by a daylight-saving jump lands just after it; a repeated one on its
 * first occurrence.
 */
export function fromZoneInputValue(text: string, timeZone: string): Date | null {
  const match = INPUT_VALUE.exec(text);
  if (!match) return null;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(wall)) return null;
  const guess = wall - zoneOffsetMs(new Date(wall), timeZone);
  return new Date(wall - zoneOffsetMs(new Date(guess), timeZone));
}

const UTC_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)?$/;

/** A range bound from a link: "2026-12-06 14:00", "2026-12-06T14:00" (UTC, as the links write them) or ISO with an offset. */
export function parseUtcText(text: string): Date | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const date = UTC_WITHOUT_ZONE.test(trimmed)
    ? new Date(`${trimmed.replace(" ", "T")}${trimmed.length > 10 ? "Z" : ""}`)
    : new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** How a range bound goes into a link: UTC, "2026-12-06T14:00" (seconds only when set), so a link means the same instant to everyone. */
export function toUtcText(date: Date): string {
  return toZoneInputValue(date, "UTC");
}
