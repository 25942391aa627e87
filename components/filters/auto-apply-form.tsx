"use client";

import type { ChangeEvent, ReactNode } from "react";
import { FilterFooter } from "./filter-footer";
import { filterQuery } from "./filter-query";
import { applyOnSubmit } from "./submit-handlers";
import { useFilterNavigation } from "./use-filter-navigation";
import { useFormGeneration } from "./use-form-generation";

/** Inputs whose value is typed in steps (a date typed digit by digit counts too): they wait for a pause. */
const TYPED_INPUT_TYPES = new Set(["text", "search", "email", "datetime-local", "date", "time", "number"]);

/** The query string the form would send, as filterQuery writes it. */
function queryOf(form: HTMLFormElement, defaults: Record<string, string>): string {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === "string") values[name] = value;
  return filterQuery(values, defaults);
}

/**
 * A filter form that applies itself: a choice applies at once, typing once it pauses
 * (see useFilterNavigation). It stays a plain GET form, so without JavaScript the
 * noscript button submits it and every filtered view is still a link.
 *
 * `currentQuery` is the page's query string as the server read it (see useFormGeneration).
 */
export function AutoApplyForm({
  action,
  label,
  currentQuery,
  defaults = {},
  clearHref,
  className,
  children,
}: {
  action: string;
  label: string;
  currentQuery: string;
  defaults?: Record<string, string>;
  clearHref?: string;
  className?: string;
  children: ReactNode;
}) {
  const { pending, applyNow, applyAfterTyping, endTyping } = useFilterNavigation();
  const { generation, noteRequest } = useFormGeneration(currentQuery);

  const readQuery = (form: HTMLFormElement) => () => {
    const query = queryOf(form, defaults);
    if (query !== currentQuery) noteRequest(query);
    return query;
  };

  const onChange = (event: ChangeEvent<HTMLFormElement>) => {
    const target = event.target as unknown as HTMLInputElement | HTMLSelectElement;
    const form = event.currentTarget;
    if (target instanceof HTMLInputElement && TYPED_INPUT_TYPES.has(target.type)) {
      applyAfterTyping(readQuery(form), target.id || target.name);
    } else {
      applyNow(readQuery(form));
    }
  };
  const { onSubmit, onKeyDown } = applyOnSubmit((form) => applyNow(readQuery(form)));

  return (
    <form
      key={generation}
      action={action}
      method="get"
      role="search"
      aria-label={label}
      aria-busy={pending}
      className={className}
      onChange={onChange}
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      onBlur={endTyping}
    >
      {children}
      <FilterFooter pending={pending} clearHref={clearHref} />
    </form>
  );
}
