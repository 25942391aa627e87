import { describe, expect, it } from "vitest";
import { enumLabel, identifierLabel } from "@/lib/ui/labels";

describe("labels for filter options", () => {
  it("reads enum values as words", () => {
    expect(enumLabel("FAILURE")).toBe("Failure");
    expect(enumLabel("SUCCESS")).toBe("Success");
    expect(enumLabel("LOG_CREATED")).toBe("Log created");
    expect(enumLabel("API_KEY_CREATED")).toBe("API key created");
  });

  it("leaves vendor text as written and marks what cannot be seen", () => {
    expect(enumLabel("InsightIDR")).toBe("InsightIDR");
    expect(enumLabel("Partial success")).toBe("Partial success");
    expect(enumLabel("FAIL\u202EURE")).toBe("FAIL⟨U+202E⟩URE");
  });

  it("reads audit actions and target types as words", () => {
    expect(identifierLabel("auth.sign_in_failed")).toBe("Auth: sign in failed");
    expect(identifierLabel("api_token.created")).toBe("API token: created");
    expect(identifierLabel("user.role_changed")).toBe("User: role changed");
    expect(identifierLabel("log_source")).toBe("Log source");
    expect(identifierLabel("Weird.Value")).toBe("Weird.Value");
    expect(identifierLabel("x.\u200by")).toBe("x.⟨U+200B⟩y");
  });
});
