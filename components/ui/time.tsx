"use client";

import type { ReactNode } from "react";
import { formatAbsolute, formatExact, formatRelativeTime } from "@/lib/ui/time";
import { cn } from "@/lib/ui/cn";
import { useTimeZone } from "./time-zone";

/**
 * Every time the console shows. "relative" (the default) says how long ago, with the exact
 * time on hover; "absolute" is the one exact format, for tables and ranges. Both are in the
 * reader's zone. The relative text is worked out again in the browser, a moment after the
 * server did, so it may differ by a second: that mismatch is expected. `children` replace
 * the shown text where a page words the time itself ("Due now"); the hover stays exact.
 */
export function Time({
  value,
  format = "relative",
  className,
  children,
}: {
  value: Date | string;
  format?: "relative" | "absolute";
  className?: string;
  children?: ReactNode;
}) {
  const timeZone = useTimeZone();
  const date = new Date(value);
  return (
    <time
      dateTime={date.toISOString()}
      title={formatExact(date, timeZone)}
      className={cn(format === "absolute" && "tabular-nums", className)}
      suppressHydrationWarning
    >
      {children ?? (format === "relative" ? formatRelativeTime(date) : formatAbsolute(date, timeZone))}
    </time>
  );
}
