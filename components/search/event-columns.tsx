"use client";

import { type ColumnDef, createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { Time } from "@/components/ui/time";
import { UntrustedText } from "@/components/ui/untrusted-text";
import { personOf } from "@/lib/events/display";
import type { EventRow } from "@/lib/events/search";
import { markInvisible } from "@/lib/ui/invisible-characters";
import { formatAbsolute } from "@/lib/ui/time";
import { FilterToValue, type ValueFilter } from "./filter-to-value";
import { ResultBadge } from "./result-badge";

/** The column that takes whatever width the others leave; it has no width of its own to resize. */
export const FILL_COLUMN = "description";
/** The fill column's least width, so resizing the others cannot squeeze it to nothing. */
export const FILL_MIN_WIDTH = 160;

const column = createColumnHelper<EventRow>();
const NONE = <span className="text-muted">—</span>;

/**
 * The Search table's columns. Default widths let the whole table fit the 1280 px wide
 * console without scrolling sideways while the values people see most show in full: a
 * product like "Insight Platform" and an email like alice.admin@example.com on one line,
 * a source name of two dozen characters on two, the time on two (date, then clock and
 * zone), a sentence of description on a few. Longer values wrap; nothing ends in an ellipsis.
 */
export function eventColumns({
  timeZone,
  hrefFor,
  onFilter,
}: {
  timeZone: string;
  hrefFor: (id: string) => string;
  onFilter: (filter: ValueFilter) => void;
}): ColumnDef<EventRow, unknown>[] {
  const columns = [
    column.display({
      id: "time",
      header: "Event time",
      size: 108,
      minSize: 88,
      maxSize: 320,
      cell: ({ row: { original: row } }) => (
        // Out of the tab order (the row is the stop, Enter opens it); for the mouse, a real link opens a new tab.
        <Link
          href={hrefFor(row.id)}
          scroll={false}
          tabIndex={-1}
          aria-label={`Open ${markInvisible(row.action)} event of ${formatAbsolute(row.eventTime, timeZone)}`}
          className="font-mono text-xs text-slate-200 hover:text-white hover:underline"
        >
          <Time value={row.eventTime} format="absolute" />
        </Link>
      ),
    }),
    column.display({
      id: "action",
      header: "Action",
      size: 150,
      minSize: 80,
      maxSize: 480,
      cell: ({ row: { original: row } }) => (
        <FilterToValue filter={{ kind: "action", value: row.action }} shown={row.action} onFilter={onFilter}>
          <UntrustedText text={row.action} className="font-mono text-xs text-white" />
        </FilterToValue>
      ),
    }),
    column.display({
      id: "result",
      header: "Result",
      size: 88,
      minSize: 72,
      maxSize: 240,
      cell: ({ row: { original: row } }) =>
        row.result ? (
          <FilterToValue filter={{ kind: "result", value: row.result }} shown={row.result} onFilter={onFilter}>
            <ResultBadge result={row.result} />
          </FilterToValue>
        ) : (
          NONE
        ),
    }),
    column.display({
      id: "product",
      header: "Product",
      size: 124,
      minSize: 72,
      maxSize: 400,
      cell: ({ row: { original: row } }) =>
        row.product ? (
          <FilterToValue filter={{ kind: "product", value: row.product }} shown={row.product} onFilter={onFilter}>
            <UntrustedText text={row.product} />
          </FilterToValue>
        ) : (
          NONE
        ),
    }),
    column.display({
      id: "who",
      header: "Who",
      size: 196,
      minSize: 80,
      maxSize: 480,
      cell: ({ row: { original: row } }) => {
        const who = personOf(row);
        return who ? (
          <FilterToValue filter={{ kind: "person", value: who }} shown={who} onFilter={onFilter}>
            <UntrustedText text={who} />
          </FilterToValue>
        ) : (
          NONE
        );
      },
    }),
    column.display({
      id: FILL_COLUMN,
      header: "Description",
      enableResizing: false,
      cell: ({ row: { original: row } }) => (
        <span className="line-clamp-4" title={row.description ? markInvisible(row.description) : undefined}>
          {row.description ? <UntrustedText text={row.description} /> : NONE}
        </span>
      ),
    }),
    column.display({
      id: "source",
      header: "Source",
      size: 132,
      minSize: 80,
      maxSize: 480,
      cell: ({ row: { original: row } }) =>
        row.sourceName ? (
          <FilterToValue filter={{ kind: "source", sourceId: row.sourceId }} shown={row.sourceName} onFilter={onFilter}>
            <UntrustedText text={row.sourceName} />
          </FilterToValue>
        ) : (
          <span className="text-muted">Deleted source</span>
        ),
    }),
  ];
  return columns;
}
