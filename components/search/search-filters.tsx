"use client";

import { useSearchParams } from "next/navigation";
import { formValuesFromParams, type RawSearchParams, searchParamsSchema } from "@/lib/events/schemas";
import { fieldErrorsOf } from "@/lib/validation";
import { FilterBar } from "./filter-bar";

type Facets = {
  sources: { id: string; name: string }[];
  actions: string[];
  results: string[];
  products: string[];
};

/**
 * Search's filters, read from the URL in the browser. They live in Search's layout, not its
 * page: Next mounts a page afresh for every new query string, which would take the field
 * from under someone typing each time the results caught up with them.
 */
export function SearchFilters(facets: Facets) {
  const searchParams = useSearchParams();
  const raw: RawSearchParams = {};
  for (const key of new Set(searchParams.keys())) {
    const all = searchParams.getAll(key);
    raw[key] = all.length === 1 ? all[0] : all;
  }
  return <FilterBar values={formValuesFromParams(raw)} urlErrors={urlErrorsOf(raw)} {...facets} />;
}

/** What is wrong with the URL's filters, by field ("source.0" for a list's entry), as the server reports it. */
function urlErrorsOf(raw: RawSearchParams): Record<string, string> {
  const parsed = searchParamsSchema.safeParse(raw);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
}
