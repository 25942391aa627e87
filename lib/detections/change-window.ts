/**
 * An approved change window: the weekdays and the time of day (in one time zone) when
 * changes are expected. Times are "HH:MM", start inclusive, end exclusive, start before
 * end (a window does not cross midnight; split it into two days' worth if it must).
 */
export type ChangeWindow = {
  /** 0 = Sunday … 6 = Saturday, as Date#getUTCDay counts. */
  days: readonly number[];
  start: string;
  end: string;
  /** An IANA time zone, e.g. "UTC" or "Europe/Berlin". */
  timeZone: string;
};

/** Weekdays 06:00–20:00 UTC. */
export const DEFAULT_CHANGE_WINDOW: ChangeWindow = {
  days: [1, 2, 3, 4, 5],
  start: "06:00",
  end: "20:00",
  timeZone: "UTC",
};

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function minutesOf(time: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`"${time}" is not a time of day (HH:MM).`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new Error(`"${time}" is not a time of day (HH:MM).`);
  return minutes;
}

export type CompiledChangeWindow = { contains(at: Date): boolean; describe(): string };

/** Validates the window once (bad configuration fails at import, not per event) and returns its test. */
export function compileChangeWindow(window: ChangeWindow): CompiledChangeWindow {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start >= end) throw new Error(`The change window must start before it ends (${window.start}–${window.end}).`);
  if (window.days.some((day) => !Number.isInteger(day) || day < 0 || day > 6))
    throw new Error("Change window days are 0 (Sunday) to 6 (Saturday).");
  const days = new Set(window.days);
  // Throws a RangeError for an unknown time zone, which is what we want at import time.
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: window.timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return {
    contains(at: Date): boolean {
      let weekday = -1;
      let hour = 0;
      let minute = 0;
      for (const part of format.formatToParts(at)) {
        if (part.type === "weekday") weekday = WEEKDAYS.indexOf(part.value);
        else if (part.type === "hour") hour = Number(part.value);
        else if (part.type === "minute") minute = Number(part.value);
      }
      const local = hour * 60 + minute;
      return days.has(weekday) && local >= start && local < end;
    },
    describe(): string {
      const names = [...days]
        .sort()
        .map((day) => WEEKDAYS[day])
        .join(", ");
      return `${names} ${window.start}–${window.end} ${window.timeZone}`;
    },
  };
}
