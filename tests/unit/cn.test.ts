import { describe, expect, it } from "vitest";
import { cn } from "@/lib/ui/cn";

describe("joining class names", () => {
  it("skips what is not a class", () => {
    expect(cn("rounded-md", false, null, undefined, "", "text-sm")).toBe("rounded-md text-sm");
  });

  it("lets a class passed later override an earlier one for the same property", () => {
    // <Select className="w-48"> on a base of w-full: the select must be 12rem wide, not full width.
    expect(cn("block w-full rounded-md px-3", "h-10 pr-8", "mt-2 w-48")).toBe(
      "block rounded-md px-3 h-10 pr-8 mt-2 w-48",
    );
    // A danger card's border colour replaces the card's own.
    expect(cn("rounded-lg border border-line bg-panel", "border-rose-900/60 p-6")).toBe(
      "rounded-lg border bg-panel border-rose-900/60 p-6",
    );
    // A table cell's padding replaced by the caller's, the compact variant kept.
    expect(cn("px-4 py-3 group-data-[density=compact]/table:py-2", "px-3 py-2.5")).toBe(
      "group-data-[density=compact]/table:py-2 px-3 py-2.5",
    );
  });

  it("keeps classes that only look alike: a text size and a text colour", () => {
    expect(cn("text-sm text-muted", "text-white")).toBe("text-sm text-white");
  });
});
