"use client";

import { createContext, type ReactNode, useContext } from "react";

const TimeZoneContext = createContext("UTC");

/** The console layout puts the signed-in person's zone here; every `<Time>` below reads it. */
export function TimeZoneProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  return <TimeZoneContext value={timeZone}>{children}</TimeZoneContext>;
}

export function useTimeZone(): string {
  return useContext(TimeZoneContext);
}
