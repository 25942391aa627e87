"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Button, buttonClasses } from "@/components/ui/button";
import { describedBy, Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ZonedDateTimeField } from "@/components/ui/zoned-date-time-field";
import {
  type SearchFormValues,
  searchFormSchema,
  searchQueryString,
  TIME_RANGE_LABELS,
  TIME_RANGES,
} from "@/lib/events/schemas";
import { markInvisible } from "@/lib/ui/invisible-characters";
import { SourcePicker } from "./source-picker";

type Output = z.output<typeof searchFormSchema>;

/**
 * The filters. Submitting navigates to /search with the filters in the query string, so
 * every search is a link and the back button steps through earlier searches. The same
 * schema checks the values here and again on the server when the URL is read.
 * `urlErrors` are the server's complaints about the current URL, shown on their fields.
 */
export function FilterBar({
  values,
  sources,
  actions,
  results,
  products,
  urlErrors = {},
}: {
  values: SearchFormValues;
  sources: { id: string; name: string }[];
  actions: string[];
  results: string[];
  products: string[];
  urlErrors?: Record<string, string>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const { register, handleSubmit, control, formState } = useForm<SearchFormValues, unknown, Output>({
    resolver: zodResolver(searchFormSchema),
    defaultValues: values,
  });
  const range = useWatch({ control, name: "range" });
  const error = (name: keyof SearchFormValues) =>
    formState.errors[name]?.message ??
    (formState.isSubmitted ? undefined : (urlErrors[name] ?? urlErrors[`${name}.0`]));
  // A value from the link that no stored event has (yet) stays selectable, so the form shows what is being searched.
  const withCurrent = (choices: string[], current: string | undefined) =>
    current && !choices.includes(current) ? [...choices, current] : choices;
  const resultChoices = withCurrent(results, values.result);
  const productChoices = withCurrent(products, values.product);

  const onSubmit = handleSubmit((filters) => {
    const query = searchQueryString(filters);
    startTransition(() => router.push(query ? `/search?${query}` : "/search"));
  });

  return (
    <form
      action="/search"
      method="get"
      onSubmit={onSubmit}
      noValidate
      role="search"
      aria-label="Event filters"
      className="rounded-lg border border-line bg-panel p-4"
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="space-y-1.5">
          <Controller
            control={control}
            name="source"
            render={({ field }) => (
              <SourcePicker
                sources={sources}
                value={field.value}
                onChange={field.onChange}
                invalid={Boolean(error("source"))}
                describedBy={error("source") ? "source-error" : undefined}
              />
            )}
          />
          {error("source") ? (
            <p id="source-error" role="alert" className="text-sm text-rose-400">
              {error("source")}
            </p>
          ) : null}
        </div>
        <Field id="range" label="Time range" error={error("range")}>
          <Select id="range" {...describedBy("range", error("range"))} {...register("range")}>
            {TIME_RANGES.map((value) => (
              <option key={value} value={value}>
                {TIME_RANGE_LABELS[value]}
              </option>
            ))}
          </Select>
        </Field>
        {range === "custom" ? (
          <>
            <Controller
              control={control}
              name="from"
              render={({ field }) => (
                <ZonedDateTimeField
                  id="from"
                  label="From"
                  error={error("from")}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                />
              )}
            />
            <Controller
              control={control}
              name="to"
              render={({ field }) => (
                <ZonedDateTimeField
                  id="to"
                  label="To"
                  hint="Leave empty for now."
                  error={error("to")}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                />
              )}
            />
          </>
        ) : null}
        <Field id="action" label="Action" hint="Exact name, e.g. LOG_CREATED" error={error("action")}>
          <Input
            id="action"
            list="action-options"
            autoComplete="off"
            spellCheck={false}
            {...describedBy("action", error("action"), true)}
            {...register("action")}
          />
          <datalist id="action-options">
            {actions.map((action) => (
              <option key={action} value={action} label={markInvisible(action)} />
            ))}
          </datalist>
        </Field>
        <Field id="result" label="Result" error={error("result")}>
          <Select id="result" {...describedBy("result", error("result"))} {...register("result")}>
            <option value="">Any result</option>
            {resultChoices.map((result) => (
              <option key={result} value={result}>
                {markInvisible(result)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="product" label="Product" error={error("product")}>
          <Select id="product" {...describedBy("product", error("product"))} {...register("product")}>
            <option value="">Any product</option>
            {productChoices.map((product) => (
              <option key={product} value={product}>
                {markInvisible(product)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="person" label="Person" hint="Exact email or username" error={error("person")}>
          <Input
            id="person"
            autoComplete="off"
            spellCheck={false}
            placeholder="alice@example.com"
            {...describedBy("person", error("person"), true)}
            {...register("person")}
          />
        </Field>
        <Field id="text" label="Description contains" hint="At least 3 characters, any case" error={error("text")}>
          <Input
            id="text"
            autoComplete="off"
            placeholder="honeypot"
            {...describedBy("text", error("text"), true)}
            {...register("text")}
          />
        </Field>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button type="submit" loading={pending}>
          {pending ? "Searching…" : "Search"}
        </Button>
        <Link href="/search" className={buttonClasses("ghost")}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}
