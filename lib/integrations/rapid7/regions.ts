/**
 * Rapid7 Insight Platform data storage regions: the short code the API host uses and
 * the name Rapid7's console shows. The one place regions are defined.
 */
export const RAPID7_REGIONS = [
  { code: "us", label: "United States - 1", aliases: ["united states", "united states 1", "us1", "us-1"] },
  { code: "us2", label: "United States - 2", aliases: ["united states 2", "us-2"] },
  { code: "us3", label: "United States - 3", aliases: ["united states 3", "us-3"] },
  { code: "eu", label: "Europe", aliases: ["europe", "eu-central", "eu1"] },
  { code: "ca", label: "Canada", aliases: ["canada"] },
  { code: "au", label: "Australia", aliases: ["australia"] },
  { code: "ap", label: "Japan", aliases: ["japan", "asia pacific", "apac", "jp"] },
] as const;

export type Rapid7RegionCode = (typeof RAPID7_REGIONS)[number]["code"];
export const RAPID7_REGION_CODES = RAPID7_REGIONS.map((region) => region.code) as [
  Rapid7RegionCode,
  ...Rapid7RegionCode[],
];

export function isRapid7Region(value: string): value is Rapid7RegionCode {
  return (RAPID7_REGION_CODES as readonly string[]).includes(value);
}

export function regionLabel(code: Rapid7RegionCode): string {
  return RAPID7_REGIONS.find((region) => region.code === code)?.label ?? code;
}

/**
 * Understands what people paste from Rapid7's console: "us3", "US3", "us-3",
 * "United States - 3", "united states 3", "eu-central". Returns the short code, or undefined.
 */
export function parseRegion(input: string): Rapid7RegionCode | undefined {
  const typed = comparable(input);
  if (!typed) return undefined;
  return RAPID7_REGIONS.find((region) =>
    [region.code, region.label, ...region.aliases].some((name) => comparable(name) === typed),
  )?.code;
}

/**
 * Spaces, hyphens, dashes and underscores are dropped on both sides of the comparison,
 * so "us-1", "us 1" and "US1" are the same name however an alias happens to be spelled.
 */
function comparable(name: string): string {
  return name.toLowerCase().replace(/[\s_\-\u2010-\u2015]+/g, "");
}

export function regionBaseUrl(template: string, region: Rapid7RegionCode): string {
  return template.replace("{region}", region).replace(/\/+$/, "");
}
