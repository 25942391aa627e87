import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { hasInvisibleCharacters, markInvisible, splitInvisible } from "@/lib/ui/invisible-characters";

/**
 * Event content can carry characters that reorder or hide text: "adm\u202Ein@example.com"
 * displays as "admmoc.elpmaxe@ni". The console shows each such character as a visible
 * ⟨U+XXXX⟩ mark and never passes it through to the page.
 */
const RLO = "\u202E";

describe("invisible characters", () => {
  it.each([
    [`adm${RLO}in@example.com`, "adm⟨U+202E⟩in@example.com"],
    ["Invoice \u202Efdp.exe\u202C approved", "Invoice ⟨U+202E⟩fdp.exe⟨U+202C⟩ approved"],
    ["\u2066isolate\u2069 \u200Emark\u200F \u061C", "⟨U+2066⟩isolate⟨U+2069⟩ ⟨U+200E⟩mark⟨U+200F⟩ ⟨U+061C⟩"],
    ["ad\u200Bmin \u200C\u200D\u2060\uFEFF", "ad⟨U+200B⟩min ⟨U+200C⟩⟨U+200D⟩⟨U+2060⟩⟨U+FEFF⟩"],
    ["soft\u00ADhyphen, filler\u3164, joiner\u034F", "soft⟨U+00AD⟩hyphen, filler⟨U+3164⟩, joiner⟨U+034F⟩"],
    ["null\u0000 bell\u0007 c1\u0085 del\u007F", "null⟨U+0000⟩ bell⟨U+0007⟩ c1⟨U+0085⟩ del⟨U+007F⟩"],
    ["line\u2028para\u2029", "line⟨U+2028⟩para⟨U+2029⟩"],
    ["tag\u{E0041}\u{E0042} vs\u{E0100}", "tag⟨U+E0041⟩⟨U+E0042⟩ vs⟨U+E0100⟩"],
  ])("marks %j", (raw, marked) => {
    expect(hasInvisibleCharacters(raw)).toBe(true);
    expect(markInvisible(raw)).toBe(marked);
  });

  it("leaves ordinary text alone: tabs and line breaks, right-to-left scripts, emoji", () => {
    for (const text of ["plain text", "two\tcolumns\nand lines\r\n", "שלום עולם", "مرحبا", "❤️ 👍🏽", "Ünïcødé"]) {
      expect(hasInvisibleCharacters(text), text).toBe(false);
      expect(markInvisible(text)).toBe(text);
      expect(splitInvisible(text)).toEqual([{ kind: "text", text }]);
    }
    expect(splitInvisible("")).toEqual([]);
  });

  it("splits text into plain runs and named marks", () => {
    expect(splitInvisible(`${RLO}adm${RLO}in\u200B`)).toEqual([
      { kind: "invisible", label: "⟨U+202E⟩", name: "right-to-left override" },
      { kind: "text", text: "adm" },
      { kind: "invisible", label: "⟨U+202E⟩", name: "right-to-left override" },
      { kind: "text", text: "in" },
      { kind: "invisible", label: "⟨U+200B⟩", name: "zero-width space" },
    ]);
  });
});

describe("UntrustedText", () => {
  const render = (text: string) => renderToStaticMarkup(createElement(UntrustedText, { text }));

  it("renders each invisible character as a visible, named badge and never the character itself", () => {
    const html = render(`adm${RLO}in@example.com`);
    expect(html).not.toContain(RLO);
    expect(html).toBe(
      '<bdi>adm<span title="right-to-left override" data-invisible-character="⟨U+202E⟩" class="mx-px rounded-sm bg-amber-400/15 px-0.5 align-baseline font-mono text-[0.85em] leading-none text-amber-200 ring-1 ring-inset ring-amber-400/40">⟨U+202E⟩</span>in@example.com</bdi>',
    );
  });

  it("keeps a raw JSON record readable: structure, quotes and line breaks as they were", () => {
    const raw = JSON.stringify({ user: `adm${RLO}in`, note: "a\u200Bb" }, null, 2);
    const html = render(raw);
    expect(html).not.toMatch(/[\u202E\u200B]/);
    expect(html.replace(/<[^>]+>/g, "")).toBe(
      `{\n  &quot;user&quot;: &quot;adm⟨U+202E⟩in&quot;,\n  &quot;note&quot;: &quot;a⟨U+200B⟩b&quot;\n}`,
    );
  });
});
