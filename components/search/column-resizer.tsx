"use client";

import type { Header } from "@tanstack/react-table";
import type { KeyboardEvent } from "react";
import type { EventRow } from "@/lib/events/search";
import { cn } from "@/lib/ui/cn";

/** How far one arrow key press moves a column edge. */
const KEY_STEP = 16;

/**
 * The right edge of a header cell: drag it (mouse or touch, through TanStack Table's
 * resize handler), or focus it and press ArrowLeft/ArrowRight. A focusable separator is
 * a widget in ARIA terms, so it carries its value (the width in pixels) and its bounds.
 */
export function ColumnResizer({
  header,
  title,
  last,
}: {
  header: Header<EventRow, unknown>;
  title: string;
  /** The table's last column: its handle stays inside the frame, which would otherwise scroll sideways for it. */
  last: boolean;
}) {
  const column = header.column;
  const width = column.getSize();
  const min = column.columnDef.minSize ?? 40;
  const max = column.columnDef.maxSize ?? 1000;
  const resizeBy = (delta: number) => {
    const next = Math.min(max, Math.max(min, width + delta));
    header.getContext().table.setColumnSizing((sizes) => ({ ...sizes, [column.id]: next }));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      resizeBy(event.key === "ArrowLeft" ? -KEY_STEP : KEY_STEP);
    }
  };
  const startDrag = header.getResizeHandler();
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${title} column`}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onMouseDown={startDrag}
      onTouchStart={startDrag}
      onKeyDown={onKeyDown}
      data-column-resizer={column.id}
      className={cn(
        "absolute inset-y-0 z-10 w-3 cursor-col-resize touch-none select-none",
        last ? "right-0" : "-right-1.5",
        "after:absolute after:inset-y-1 after:left-1/2 after:w-px after:-translate-x-1/2 after:bg-line",
        "hover:after:w-0.5 hover:after:bg-accent focus-visible:outline-none focus-visible:after:w-0.5 focus-visible:after:bg-accent",
        column.getIsResizing() && "after:w-0.5 after:bg-accent",
      )}
    />
  );
}
