import { describe, expect, it } from "vitest";
import { credentialsStepSchema } from "@/lib/sources/onboarding-schemas";
import { looksLikeRegionAttempt, regionSchema } from "@/lib/sources/schemas";

const VALID_CODES = "us, us2, us3, eu, ca, au, ap";

function regionError(typed: string): string {
  const result = regionSchema.safeParse(typed);
  expect(result.success, `"${typed}" should be refused`).toBe(false);
  return result.error!.issues[0]!.message;
}

describe("the Storage Region field", () => {
  it("turns what Rapid7's console shows into the short code", () => {
    expect(regionSchema.parse("United States - 3")).toBe("us3");
    expect(regionSchema.parse(" us-2 ")).toBe("us2");
    expect(regionSchema.parse("eu-central")).toBe("eu");
  });

  it("quotes a short, region-like mistake back, names the field and lists every valid code", () => {
    for (const typed of ["us9", "United States - 4", "Mars", "eu-west-1"]) {
      expect(regionError(typed)).toBe(
        `"${typed}" is not a Rapid7 region. Enter the Storage Region as one of ${VALID_CODES}.`,
      );
    }
  });

  it("never quotes what may be a secret pasted into the wrong field", () => {
    const apiKey = "5f0c2a7e-1b2c-4d3e-9f80-123456789abc";
    const lookalikes = [
      apiKey,
      apiKey.slice(0, 20),
      "e2e-typo-5f0c2a7e",
      "a1b2c3d4e5f6a7b8",
      "AKIA5F0C2A7E1B2C4D3E",
      "us3 but then a very long sentence",
    ];
    for (const typed of lookalikes) {
      const message = regionError(typed);
      expect(message).toBe(`That is not a Rapid7 region. Enter the Storage Region as one of ${VALID_CODES}.`);
      // Not even a fragment of it comes back.
      for (let start = 0; start + 6 <= typed.length; start += 1)
        expect(message).not.toContain(typed.slice(start, start + 6));
    }
  });

  it("says what to enter when it is left empty", () => {
    expect(regionError("  ")).toBe(`Enter the Storage Region: one of ${VALID_CODES}.`);
  });

  it("the credentials step reports the region error on the region field, without the key pasted there", () => {
    const apiKey = "0d9e8f7a-6b5c-4d3e-8f21-0a1b2c3d4e5f";
    const result = credentialsStepSchema.safeParse({ region: apiKey, apiKey });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toEqual(["region"]);
    expect(JSON.stringify(result.error!.issues)).not.toContain(apiKey.slice(0, 8));
  });

  it("tells region attempts from other text", () => {
    for (const typed of ["us9", "US 9", "united states 12", "canada west", "eu_central_2"])
      expect(looksLikeRegionAttempt(typed), typed).toBe(true);
    for (const typed of ["", "123456", "us999", "a1b2c3", "x".repeat(13), "one two three four five", "key=abc"])
      expect(looksLikeRegionAttempt(typed), typed).toBe(false);
  });
});
