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
