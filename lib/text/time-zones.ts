/**
 * The IANA time zones a person may choose to read times in. Intl's list leaves out "UTC"
 * itself (it is an alias there), and UTC is what everyone starts on, so it leads the list.
 */
export const DEFAULT_TIME_ZONE = "UTC";

let zones: readonly string[] | null = null;

export function timeZoneNames(): readonly string[] {
  zones ??= [DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== DEFAULT_TIME_ZONE)];
  return zones;
}

export function isTimeZone(value: string): boolean {
  return timeZoneNames().includes(value);
}
