import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ValidationError } from "@/lib/errors";
import { fieldErrorsOf, parseInput } from "@/lib/validation";

const schema = z
  .object({
    name: z.string().min(3, "Type at least 3 characters."),
    source: z.array(z.uuid("Choose a source from the list.")),
  })
  .refine((value) => value.name !== "forbidden", "This combination is not allowed.");

describe("fieldErrorsOf", () => {
  it("keys each field's first problem by its path, a list's entry by its index", () => {
    const parsed = schema.safeParse({ name: "", source: ["not-a-uuid"] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(fieldErrorsOf(parsed.error)).toEqual({
      name: "Type at least 3 characters.",
      "source.0": "Choose a source from the list.",
    });
  });

  it("files a problem with the whole input under form", () => {
    const parsed = schema.safeParse({ name: "forbidden", source: [] });
    if (parsed.success) throw new Error("expected the refinement to fail");
    expect(fieldErrorsOf(parsed.error)).toEqual({ form: "This combination is not allowed." });
  });

  it("is what parseInput reports, with a message naming the first field", () => {
    let thrown: unknown;
    try {
      parseInput(schema, { name: "ab", source: [] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).fieldErrors).toEqual({ name: "Type at least 3 characters." });
    expect((thrown as ValidationError).message).toBe("Check name: Type at least 3 characters.");
  });
});
