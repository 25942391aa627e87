import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";
import { Card } from "./card";

/**
 * The console's data table: scrolls sideways inside its frame on narrow screens, a muted
 * upper-case header, rows divided by lines. Cells take their padding from the table's
 * density; a cell's own padding utilities override it (utilities come after components).
 *
 *   <Table label="Alerts" minWidth="min-w-[960px]">
 *     <TableHead><Th>Severity</Th><Th align="right">Events</Th></TableHead>
 *     <TableBody>{rows.map((row) => <tr key={row.id}><Td>…</Td><Td align="right">…</Td></tr>)}</TableBody>
 *   </Table>
 */
type Density = "comfortable" | "compact" | "dense";

/**
 * Cells read the density from the table, so it is said once per table: `.data-cell` in
 * globals.css. One class rather than the four utilities it stands for, which every cell
 * of a fifty-row list repeated in its HTML and again in the page's flight data.
 */
const CELL = "data-cell";

export function Table({
  label,
  minWidth,
  density = "comfortable",
  frame = "card",
  frameClassName,
  className,
  testId,
  children,
}: {
  /** What the table lists, for screen readers (aria-label). */
  label?: string;
  /** The width below which the table scrolls sideways, e.g. "min-w-[960px]". */
  minWidth?: string;
  density?: Density;
  /** "card": on a card of its own; "plain": only the scrolling box (inside a card or section already). */
  frame?: "card" | "plain";
  frameClassName?: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const table = (
    <table
      className={cn("w-full text-left text-sm", minWidth, className)}
      data-density={density}
      aria-label={label}
      data-testid={testId}
    >
      {children}
    </table>
  );
  // `relative` makes the frame the containing block of absolutely positioned cells' content
  // (sr-only labels): without it they escape the scroller and widen the page on a phone.
  return frame === "card" ? (
    <Card className={cn("relative overflow-x-auto", frameClassName)}>{table}</Card>
  ) : (
    <div className={cn("relative overflow-x-auto", frameClassName)}>{table}</div>
  );
}

/** The header row: pass its Th cells. */
export function TableHead({ className, children }: { className?: string; children: ReactNode }) {
  return (
    <thead className={cn("border-b border-line text-xs uppercase tracking-wide text-muted", className)}>
      <tr>{children}</tr>
    </thead>
  );
}

type Align = { align?: "left" | "right" };

export function Th({ align, className, children, ...rest }: ThHTMLAttributes<HTMLTableCellElement> & Align) {
  return (
    <th scope="col" className={cn(CELL, "font-medium", align === "right" && "text-right", className)} {...rest}>
      {children}
    </th>
  );
}

export function TableBody({ className, children }: { className?: string; children: ReactNode }) {
  return <tbody className={cn("divide-y divide-line", className)}>{children}</tbody>;
}

export function Td({ align, className, children, ...rest }: TdHTMLAttributes<HTMLTableCellElement> & Align) {
  return (
    <td className={cn(CELL, align === "right" && "text-right", className)} {...rest}>
      {children}
    </td>
  );
}
