import { describe, expect, it } from "vitest";
import { COPY_NULL, copyField, copyRow, copyTextArray } from "@/lib/sources/pull/copy-format";

describe("COPY text-format fields", () => {
  it("passes plain text through and writes null as \\N", () => {
    expect(copyField("alice@example.com")).toBe("alice@example.com");
    expect(copyField(null)).toBe(COPY_NULL);
    expect(copyField(undefined)).toBe("\\N");
    expect(copyField("")).toBe("");
  });

  it("escapes backslash, newline, carriage return and tab, backslash first", () => {
    expect(copyField('{"d":"Log \\"x\\" was created"}')).toBe('{"d":"Log \\\\"x\\\\" was created"}');
    expect(copyField("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(copyField("\\n")).toBe("\\\\n");
    expect(copyField("\\\n\t")).toBe("\\\\\\n\\t");
    expect(copyField("\\N")).toBe("\\\\N");
  });

  it("renders arrays and rows", () => {
    expect(copyTextArray(['a"b', "c\\d"])).toBe('{"a\\\\"b","c\\\\\\\\d"}');
    expect(copyRow(["a", "\\N", "b"])).toBe("a\t\\N\tb\n");
  });
});
