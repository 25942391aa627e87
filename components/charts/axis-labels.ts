/**
 * Axis tick labels, always in UTC (the zone the console shows times in): clock times when
 * the chart spans a day or two, dates (with the hour where a tick is not at midnight)
 * when it spans more; a tick at midnight on a short chart names its day.
 */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_MS = 86_400_000;

export function timeTickLabel(ms: number, spanMs: number): string {
  const date = new Date(ms);
  const day = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
  const clock = `${String(date.getUTCHours()).padStart(2, "0")}:${String(date.getUTCMinutes()).padStart(2, "0")}`;
  const midnight = ms % DAY_MS === 0;
  if (spanMs <= 2 * DAY_MS) return midnight ? day : clock;
  return midnight ? day : `${day} ${clock}`;
}

export function countTickLabel(count: number): string {
  return count.toLocaleString("en-US");
}

/** "Dec 6 14:00–15:00 UTC" for one bar, dates on both ends when it crosses days. */
export function bucketLabel(startMs: number, bucketMs: number): string {
  const start = timeTickLabel(startMs, 3 * DAY_MS);
  const end = new Date(startMs + bucketMs);
  const sameDay = Math.floor(startMs / DAY_MS) === Math.floor((startMs + bucketMs - 1) / DAY_MS);
  const startText = startMs % DAY_MS === 0 ? `${start} 00:00` : start;
  const endText = sameDay
    ? `${String(end.getUTCHours() || 24).padStart(2, "0")}:${String(end.getUTCMinutes()).padStart(2, "0")}`
    : `${timeTickLabel(end.getTime(), 3 * DAY_MS)}${end.getTime() % DAY_MS === 0 ? " 00:00" : ""}`;
  return `${startText}–${endText} UTC`;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * The steps a time axis may tick at, smallest first, each dividing the next unit so ticks
 * land on round clock times: uPlot starts day steps at midnight and month steps (30 days)
 * on the 1st, so from a day upwards every tick is a date alone.
 */
export const TIME_TICK_STEPS_MS = [
  ...[1, 5, 10, 15, 30].map((n) => n * MINUTE_MS),
  ...[1, 2, 3, 4, 6, 8, 12].map((n) => n * HOUR_MS),
  ...[1, 2, 3, 4, 5, 7, 10, 15].map((n) => n * DAY_MS),
  ...[1, 2, 3, 4, 6, 12].map((n) => n * 30 * DAY_MS),
];

/**
 * The longest labels `timeTickLabel` can give a tick on an axis spanning `spanMs` with a
 * tick every `stepMs`: a date alone when every tick is at midnight, a clock time (or a
 * date at midnight) on a short span, a date and clock time otherwise. One sample per
 * month, as month names differ in width.
 */
export function longestTimeTickLabels(spanMs: number, stepMs: number): string[] {
  const dates = MONTHS.map((month) => `${month} 30`);
  if (stepMs >= DAY_MS) return dates;
  if (spanMs <= 2 * DAY_MS) return [...dates, "00:00"];
  return dates.map((date) => `${date} 00:00`);
}
