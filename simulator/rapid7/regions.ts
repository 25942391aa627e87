/** Rapid7 data storage regions, in the short form users type (Panther asks for e.g. `us3`). */
export const RAPID7_REGIONS = ["us", "us2", "us3", "eu", "ca", "au", "ap"] as const;

export type Rapid7Region = (typeof RAPID7_REGIONS)[number];

export function isRapid7Region(value: string): value is Rapid7Region {
  return (RAPID7_REGIONS as readonly string[]).includes(value);
}
