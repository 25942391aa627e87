import { splitInvisible } from "@/lib/ui/invisible-characters";

/**
 * Text that came from outside (event fields, raw records, alert titles built from them):
 * every bidirectional control, zero-width or other invisible character is shown as a
 * ⟨U+XXXX⟩ badge (its name on hover), so nothing can reverse, hide or disguise what is
 * displayed, and the whole is isolated (<bdi>) so right-to-left text in it cannot reorder
 * what sits around it. Plain text renders unchanged, so it fits in tables, headings and
 * <pre> blocks alike. For attributes, use markInvisible() from lib/ui/invisible-characters.
 */
export function UntrustedText({ text, className }: { text: string; className?: string }) {
  const pieces = splitInvisible(text);
  return (
    <bdi className={className}>
      {pieces.map((piece, index) =>
        piece.kind === "text" ? (
          piece.text
        ) : (
          <span
            // Keyed by position: the pieces of one string, in order.
            key={index}
            title={piece.name}
            data-invisible-character={piece.label}
            className="mx-px rounded-sm bg-amber-400/15 px-0.5 align-baseline font-mono text-[0.85em] leading-none text-amber-200 ring-1 ring-inset ring-amber-400/40"
          >
            {piece.label}
          </span>
        ),
      )}
    </bdi>
  );
}
