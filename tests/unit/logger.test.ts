import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "@/lib/logger";

describe("log redaction", () => {
  it("replaces credential-like fields at any depth, keeping the rest", () => {
    const input = {
      source: "acme",
      apiKey: "r7-secret",
      nested: { headers: { "X-Api-Key": "r7-secret", authorization: "Bearer t" }, password: "p", count: 3 },
      list: [{ token: "t" }, "plain"],
    };
    expect(redact(input)).toEqual({
      source: "acme",
      apiKey: REDACTED,
      nested: { headers: { "X-Api-Key": REDACTED, authorization: REDACTED }, password: REDACTED, count: 3 },
      list: [{ token: REDACTED }, "plain"],
    });
    expect(JSON.stringify(redact(input))).not.toContain("r7-secret");
  });

  it("logs errors by name and message", () => {
    expect(redact({ error: new Error("boom") })).toEqual({ error: { name: "Error", message: "boom" } });
  });
});
