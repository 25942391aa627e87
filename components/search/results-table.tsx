"use client";

import { flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import { defaultRangeExtractor, type Range, useWindowVirtualizer } from "@tanstack/react-virtual";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Card } from "@/components/ui/card";
import { useTimeZone } from "@/components/ui/time-zone";
import type { SearchFormValues } from "@/lib/events/schemas";
import type { EventRow } from "@/lib/events/search";
import { cn } from "@/lib/ui/cn";
import { ColumnResizer } from "./column-resizer";
import { useColumnWidths } from "./column-widths";
import { eventColumns, FILL_COLUMN, FILL_MIN_WIDTH } from "./event-columns";
import { filteredSearchHref, type ValueFilter } from "./filter-to-value";

/** A one-line row; rows that wrap are measured once drawn. */
const ESTIMATED_ROW_HEIGHT = 44;
/**
 * Rows drawn beyond each edge of the window: a quick scroll shows no blank space, and a
 * short result (a dozen rows) is drawn whole, so a print or a full-page capture shows it all.
 */
const OVERSCAN = 20;
/** What the server and the first render in the browser assume of the window (the e2e viewport's size). */
const INITIAL_WINDOW = { width: 1280, height: 800 };

const CELL = "relative px-2 py-2 align-top break-words";

/**
 * Newest first, drawn through a window virtualizer: only the rows near the visible part
 * of the page are in the DOM (the table says how many there are with aria-rowcount and
 * where each row sits with aria-rowindex). A row opens its event in the drawer (the URL
 * gets `event=<id>`, so the open event is shareable too). The body is one tab stop:
 * ArrowUp/ArrowDown or k/j move between rows, Home/End jump, Enter opens the row,
 * ArrowRight/ArrowLeft reach the row's "filter to this value" buttons.
 */
export function ResultsTable({
  rows,
  query,
  openId,
  values,
}: {
  rows: EventRow[];
  /** The page's query string (filters and cursor), which the drawer's link extends. */
  query: string;
  openId: string | null;
  /** The search's filters, which a "filter to this value" button extends. */
  values: SearchFormValues;
}) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const { widths, setWidths, resetWidths } = useColumnWidths();
  const body = useRef<HTMLTableSectionElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  const openIndex = rows.findIndex((row) => row.id === openId);
  const [focusedIndex, setFocusedIndex] = useState(Math.max(0, openIndex));
  const activeIndex = Math.min(focusedIndex, rows.length - 1);
  const [focusInside, setFocusInside] = useState(false);

  const hrefFor = useCallback((id: string) => `/search?${query ? `${query}&` : ""}event=${id}`, [query]);
  const open = useCallback((id: string) => router.push(hrefFor(id), { scroll: false }), [router, hrefFor]);
  const onFilter = useCallback(
    (filter: ValueFilter) => router.push(filteredSearchHref(values, filter)),
    [router, values],
  );
  const columns = useMemo(() => eventColumns({ timeZone, hrefFor, onFilter }), [timeZone, hrefFor, onFilter]);

  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the table is read fresh each render
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    columnResizeMode: "onChange",
    state: { columnSizing: widths },
    onColumnSizingChange: (update) => setWidths(typeof update === "function" ? update(widths) : update),
  });

  // While focus is in the body, the focused row stays drawn even when scrolled away (focus
  // must not fall out of the table); the rows between are drawn too, as the rows sit in
  // one block between two spacers.
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (!focusInside) return indexes;
      const first = Math.min(indexes[0] ?? activeIndex, activeIndex);
      const last = Math.max(indexes.at(-1) ?? activeIndex, activeIndex);
      return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
    },
    [activeIndex, focusInside],
  );
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin,
    initialRect: INITIAL_WINDOW,
    rangeExtractor,
    getItemKey: (index) => rows[index]?.id ?? index,
  });

  // Where the rows start on the page; what sits above them (filters, histogram) can change height.
  useEffect(() => {
    const observer = new ResizeObserver(() => {
      if (body.current) setScrollMargin(body.current.getBoundingClientRect().top + window.scrollY);
    });
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  // Focus moves once the row it moves to is drawn (the range always includes the focused row).
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = body.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`);
    if (!row) return;
    pendingFocus.current = null;
    row.focus({ preventScroll: true });
  });

  const focusRow = (index: number) => {
    const target = Math.min(rows.length - 1, Math.max(0, index));
    pendingFocus.current = target;
    setFocusedIndex(target);
    virtualizer.scrollToIndex(target, { align: "auto" });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    const rowElement = target.closest<HTMLElement>("tr[data-index]");
    if (!rowElement) return;
    const index = Number(rowElement.dataset.index);
    const onRow = target === rowElement;
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      j: index + 1,
      ArrowUp: index - 1,
      k: index - 1,
      Home: 0,
      End: rows.length - 1,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      focusRow(move);
    } else if (event.key === "Enter" && onRow) {
      event.preventDefault();
      const row = rows[index];
      if (row) open(row.id);
    } else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      const buttons = [...rowElement.querySelectorAll<HTMLElement>("[data-filter-value]")];
      const next = buttons.indexOf(target) + (event.key === "ArrowRight" ? 1 : -1);
      if (next < 0) rowElement.focus();
      else buttons[Math.min(next, buttons.length - 1)]?.focus();
    }
  };

  const items = virtualizer.getVirtualItems();
  // The body's one tab stop: the focused row, or the first drawn one when that is scrolled away.
  const tabStop = items.some((item) => item.index === activeIndex) ? activeIndex : (items[0]?.index ?? 0);
  const spaceBefore = items[0] ? items[0].start - scrollMargin : 0;
  const spaceAfter = items.at(-1) ? virtualizer.getTotalSize() - (items.at(-1)!.end - scrollMargin) : 0;
  const leafColumns = table.getVisibleLeafColumns();
  const minWidth = leafColumns.reduce(
    (sum, column) => sum + (column.id === FILL_COLUMN ? FILL_MIN_WIDTH : column.getSize()),
    0,
  );
  const resized = Object.keys(widths).length > 0;

  return (
    <>
      <div className="mb-2 flex justify-end">
        <button
          type="button"
          onClick={resetWidths}
          disabled={!resized}
          className="text-xs text-muted underline-offset-2 hover:text-white hover:underline disabled:no-underline disabled:opacity-50"
        >
          Reset column widths
        </button>
      </div>
      <Card className="relative overflow-x-auto">
        <table
          aria-label="Events, newest first"
          aria-rowcount={rows.length + 1}
          className="w-full table-fixed text-left text-[13px] text-slate-300"
          style={{ minWidth }}
        >
          <colgroup>
            {leafColumns.map((column) => (
              <col key={column.id} style={column.id === FILL_COLUMN ? undefined : { width: column.getSize() }} />
            ))}
          </colgroup>
          <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((header, position) => {
                  const title = String(header.column.columnDef.header);
                  return (
                    <th key={header.id} scope="col" className="relative px-2 py-2.5 font-medium">
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      {header.column.getCanResize() ? (
                        <ColumnResizer header={header} title={title} last={position === group.headers.length - 1} />
                      ) : null}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody
            ref={body}
            onKeyDown={onKeyDown}
            onFocus={() => setFocusInside(true)}
            onBlur={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget)) setFocusInside(false);
            }}
            className="divide-y divide-line"
          >
            {spaceBefore > 0 ? <Spacer height={spaceBefore} columns={leafColumns.length} /> : null}
            {items.map((item) => {
              const row = table.getRowModel().rows[item.index];
              if (!row) return null;
              const isOpen = row.id === openId;
              return (
                <tr
                  key={row.id}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  data-testid="event-row"
                  data-event-link={row.id}
                  aria-rowindex={item.index + 2}
                  aria-selected={isOpen || undefined}
                  tabIndex={item.index === tabStop ? 0 : -1}
                  onFocus={() => setFocusedIndex(item.index)}
                  onClick={(event) => {
                    // Links and buttons in the row do their own thing (and modifier clicks open a new tab).
                    if ((event.target as HTMLElement).closest("a, button")) return;
                    setFocusedIndex(item.index);
                    open(row.id);
                  }}
                  className={cn(
                    "group/row cursor-pointer outline-none hover:bg-panel-raised focus-visible:bg-panel-raised focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-accent",
                    isOpen && "bg-panel-raised",
                  )}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className={CELL}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              );
            })}
            {spaceAfter > 0 ? <Spacer height={spaceAfter} columns={leafColumns.length} /> : null}
          </tbody>
        </table>
      </Card>
    </>
  );
}

/** Stands in for the rows not drawn, so the page is as tall as the whole table. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr aria-hidden="true" data-virtual-spacer="">
      <td colSpan={columns} className="p-0" style={{ height }} />
    </tr>
  );
}
