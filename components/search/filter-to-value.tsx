"use client";

import type { ReactNode } from "react";
import { type SearchFormValues, searchQueryString } from "@/lib/events/schemas";
import { markInvisible } from "@/lib/ui/invisible-characters";

/** The filters a table value can narrow the search to, by their URL parameter. */
export type ValueFilter =
  { kind: "action" | "result" | "product" | "person"; value: string } | { kind: "source"; sourceId: string };

/**
 * Named after the table's columns. Not "person": Playwright's and assistive tech's label
 * lookups would then take a row's button for the filter form's Person field.
 */
const FILTER_NAMES: Record<ValueFilter["kind"], string> = {
  action: "action",
  result: "result",
  product: "product",
  person: "who",
  source: "source",
};

/**
 * The current search with one more filter, from its newest events (no cursor, no open
 * event). A source replaces the chosen sources: "only this source" is what a click on a
 * source name means, and adding it to the others would change nothing when it is already
 * among them.
 */
export function filteredSearchHref(values: SearchFormValues, filter: ValueFilter): string {
  const next: SearchFormValues =
    filter.kind === "source" ? { ...values, source: [filter.sourceId] } : { ...values, [filter.kind]: filter.value };
  return `/search?${searchQueryString(next)}`;
}

/**
 * A value with a small "filter to this value" button over the end of its cell (the cell
 * is `relative`), shown only while the row is hovered or focused, so at rest it takes no
 * width from the value. It has no text of its own (its name is its aria-label), so the
 * cell reads as the value alone, and it stops the click so the row does not also open
 * the drawer. Out of the tab order: the table is one tab stop, and ArrowRight reaches it.
 */
export function FilterToValue({
  filter,
  shown,
  onFilter,
  children,
}: {
  filter: ValueFilter;
  /** The value as a person reads it, for the button's name. */
  shown: string;
  onFilter: (filter: ValueFilter) => void;
  children: ReactNode;
}) {
  const label = `Filter by ${FILTER_NAMES[filter.kind]} ${markInvisible(shown)}`;
  return (
    <>
      {children}
      <button
        type="button"
        tabIndex={-1}
        data-filter-value=""
        aria-label={label}
        title={label}
        onClick={(event) => {
          event.stopPropagation();
          onFilter(filter);
        }}
        className="filter-value-button"
      />
    </>
  );
}
