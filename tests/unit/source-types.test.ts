import { describe, expect, it } from "vitest";
import { matchesSourceType, SOURCE_TYPES } from "@/lib/catalog/source-types";

describe("the source catalog", () => {
  it("gives every source type what its tile and panel show, so a new type is data, not page code", () => {
    expect(new Set(SOURCE_TYPES.map((type) => type.id)).size).toBe(SOURCE_TYPES.length);
    for (const type of SOURCE_TYPES) {
      expect(type.panelTitle.trim(), type.id).not.toBe("");
      expect(type.docs.title.trim(), type.id).not.toBe("");
      expect(type.docs.links.length, type.id).toBeGreaterThan(0);
      for (const link of type.docs.links) expect(link.href, link.label).toMatch(/^https:\/\//);
      expect(type.setupPath, type.id).toMatch(/^\/log-sources\/new\//);
    }
  });

  it("describes Rapid7 the way its panel is titled", () => {
    const rapid7 = SOURCE_TYPES.find((type) => type.id === "rapid7")!;
    expect(rapid7.panelTitle).toBe("Rapid7 audit logs");
    expect(rapid7.docs.title).toBe("Rapid7 documentation");
    for (const query of ["Rapid7", "insightidr", "Rapid7.AuditLog", ""])
      expect(matchesSourceType(rapid7, query), query).toBe(true);
    expect(matchesSourceType(rapid7, "okta")).toBe(false);
  });
});
