/**
 * Characters that change how text reads without being seen: bidirectional controls
 * (U+202E turns "adm\u202Ein@example.com" into what reads as "admmoc.elpmaxe@ni"),
 * zero-width and other invisible format characters, control characters, line and
 * paragraph separators, fillers that render as blank, and invisible tags and variation
 * selectors that can smuggle text. Event content is written by whoever writes the audit
 * log, so the console shows every such character as a visible ⟨U+XXXX⟩ mark instead.
 * Tabs and line feeds stay: they are layout the raw views rely on. Pure and isomorphic.
 */
const INVISIBLE =
  /(?![\t\n\r])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0\u{E0100}-\u{E01EF}]/gu;

const NAMES: Record<number, string> = {
  0x00ad: "soft hyphen",
  0x061c: "Arabic letter mark",
  0x180e: "Mongolian vowel separator",
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x2028: "line separator",
  0x2029: "paragraph separator",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "pop directional formatting",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2060: "word joiner",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "pop directional isolate",
  0xfeff: "zero-width no-break space",
};

export type TextPiece = { kind: "text"; text: string } | { kind: "invisible"; label: string; name: string };

/** "⟨U+202E⟩": what is shown in place of an invisible character. */
function invisibleLabel(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

function nameOf(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return NAMES[code] ?? (code < 0x20 || (code >= 0x7f && code < 0xa0) ? "control character" : "invisible character");
}

export function hasInvisibleCharacters(text: string): boolean {
  return text.search(INVISIBLE) !== -1;
}

/** The text cut into plain runs and the invisible characters between them, for rendering each mark on its own. */
export function splitInvisible(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    const at = match.index;
    if (at > last) pieces.push({ kind: "text", text: text.slice(last, at) });
    pieces.push({ kind: "invisible", label: invisibleLabel(match[0]), name: nameOf(match[0]) });
    last = at + match[0].length;
  }
  if (last < text.length) pieces.push({ kind: "text", text: text.slice(last) });
  return pieces;
}

/** The text with each invisible character written as ⟨U+XXXX⟩: for attributes (title, aria-label) and option labels, which cannot hold markup. */
export function markInvisible(text: string): string {
  return text.replace(INVISIBLE, invisibleLabel);
}
