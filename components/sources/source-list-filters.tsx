"use client";

import { useSearchParams } from "next/navigation";
import { AutoApplyForm } from "@/components/filters/auto-apply-form";
import { filterQuery } from "@/components/filters/filter-query";
import { Input, Select } from "@/components/ui/input";
import { isFiltered, SORT_CHOICES, sortToken, sourceListParamsSchema } from "@/lib/sources/list-view";

/** What the list shows when the URL says nothing: every source, by name. */
const DEFAULTS = { health: "all", sort: "name" };

/**
 * The Log Sources list's filters and its one sort control (the column headers write the
 * same sort), applied as they change. Read from the URL in the browser: they live in the
 * list's layout.
 */
export function SourceListFilters() {
  const searchParams = useSearchParams();
  const params = sourceListParamsSchema.parse(Object.fromEntries(searchParams));
  const sort = sortToken(params.sort, params.dir);
  return (
    <AutoApplyForm
      action="/log-sources"
      label="Filter sources"
      currentQuery={filterQuery({ q: params.q, health: params.health, sort }, DEFAULTS)}
      defaults={DEFAULTS}
      clearHref={isFiltered(params) ? "/log-sources" : undefined}
      className="mb-4"
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-56">
          <label htmlFor="q" className="mb-1 block text-xs font-medium text-muted">
            Name or type
          </label>
          <Input
            id="q"
            name="q"
            type="search"
            defaultValue={params.q}
            placeholder="Filter by name"
            autoComplete="off"
          />
        </div>
        <div>
          <label htmlFor="health" className="mb-1 block text-xs font-medium text-muted">
            Health
          </label>
          <Select id="health" name="health" defaultValue={params.health} className="w-44">
            <option value="all">All</option>
            <option value="healthy">Healthy</option>
            <option value="unhealthy">Unhealthy</option>
            <option value="paused">Paused</option>
            <option value="pending">Pending first pull</option>
          </Select>
        </div>
        <div>
          <label htmlFor="sort" className="mb-1 block text-xs font-medium text-muted">
            Sort
          </label>
          <Select id="sort" name="sort" defaultValue={sort} className="w-72">
            {SORT_CHOICES.map((choice) => (
              <option key={choice.token} value={choice.token}>
                {choice.label}
              </option>
            ))}
          </Select>
        </div>
      </div>
    </AutoApplyForm>
  );
}
