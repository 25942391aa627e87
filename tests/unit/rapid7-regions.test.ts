import { describe, expect, it } from "vitest";
import { parseRegion, RAPID7_REGIONS, regionLabel } from "@/lib/integrations/rapid7/regions";

/** Written out by hand, not derived from RAPID7_REGIONS, so a wrong entry there fails here. */
const EXPECTED = [
  {
    code: "us",
    label: "United States - 1",
    aliases: ["us1", "us-1", "US-1", "us 1", "united states", "United States 1", "united-states-1"],
  },
  { code: "us2", label: "United States - 2", aliases: ["us-2", "US 2", "united states 2"] },
  { code: "us3", label: "United States - 3", aliases: ["us-3", "Us 3", "united states 3", "United States – 3"] },
  { code: "eu", label: "Europe", aliases: ["eu-central", "EU Central", "eu_central", "eu1", "europe"] },
  { code: "ca", label: "Canada", aliases: ["canada", "CANADA"] },
  { code: "au", label: "Australia", aliases: ["australia"] },
  { code: "ap", label: "Japan", aliases: ["japan", "asia pacific", "asia-pacific", "apac", "jp"] },
] as const;

describe("Rapid7 storage regions", () => {
  it("lists exactly the regions Rapid7 has", () => {
    expect(RAPID7_REGIONS.map((region) => [region.code, region.label])).toEqual(
      EXPECTED.map((region) => [region.code, region.label]),
    );
  });

  it.each(EXPECTED)("reads $code from its code, in any case and with stray spaces", ({ code }) => {
    expect(parseRegion(code)).toBe(code);
    expect(parseRegion(code.toUpperCase())).toBe(code);
    expect(parseRegion(`  ${code} `)).toBe(code);
  });

  it.each(EXPECTED)("reads $code from the name Rapid7's console shows ($label)", ({ code, label }) => {
    expect(parseRegion(label)).toBe(code);
    expect(parseRegion(label.toLowerCase())).toBe(code);
    expect(parseRegion(label.replace(" - ", "-"))).toBe(code);
    expect(regionLabel(code)).toBe(label);
  });

  it.each(EXPECTED)("reads $code from its aliases, hyphenated or not", ({ code, aliases }) => {
    for (const alias of aliases) expect(parseRegion(alias), alias).toBe(code);
  });

  it("every alias in the region table is reachable, and none is claimed by two regions", () => {
    for (const region of RAPID7_REGIONS) {
      for (const alias of region.aliases) expect(parseRegion(alias), alias).toBe(region.code);
    }
  });

  it("rejects what is not a region", () => {
    for (const typed of [
      "",
      "   ",
      "-",
      "us9",
      "us-9",
      "united states 4",
      "mars",
      "eu-west",
      "us3x",
      "e2e-key-5f0c2a7e-1b2c-4d3e-9f80-123456789abc",
    ]) {
      expect(parseRegion(typed), typed).toBeUndefined();
    }
  });
});
