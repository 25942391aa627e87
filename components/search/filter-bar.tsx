"use client";

import { type ChangeEvent, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { FilterFooter } from "@/components/filters/filter-footer";
import { applyOnSubmit } from "@/components/filters/submit-handlers";
import { useFilterNavigation } from "@/components/filters/use-filter-navigation";
import { useFormGeneration } from "@/components/filters/use-form-generation";
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
import { enumLabel } from "@/lib/ui/labels";
import { SourcePicker } from "./source-picker";

type Props = {
  values: SearchFormValues;
  sources: { id: string; name: string }[];
  actions: string[];
  results: string[];
  products: string[];
  urlErrors?: Record<string, string>;
};

/** Fields typed in steps: their changes wait for a pause in typing. */
const TYPED_FIELDS = new Set(["action", "person", "text", "from", "to"]);

/**
 * The filters, applied as they change (typing once it pauses): each search navigates to
 * /search with the filters in the query string, so every search is a link and Back steps
 * through earlier ones. The same schema checks the values here and again on the server
 * when the URL is read. The fields are rebuilt only when the URL changes for another
 * reason (see useFormGeneration).
 */
export function FilterBar(props: Props) {
  const query = searchQueryString(props.values);
  const { generation, noteRequest } = useFormGeneration(query);
  return <FilterForm key={generation} {...props} query={query} onRequest={noteRequest} />;
}

/** `urlErrors` are the server's complaints about the current URL, shown on their fields until they change. */
function FilterForm({
  values,
  sources,
  actions,
  results,
  products,
  urlErrors = {},
  query,
  onRequest,
}: Props & { query: string; onRequest: (query: string) => void }) {
  const { pending, applyNow, applyAfterTyping, endTyping } = useFilterNavigation();
  const [edited, setEdited] = useState(false);
  // No resolver: readQuery validates with the schema itself, leniently while a change is in progress.
  const { register, control, formState, getValues, setError, clearErrors } = useForm<SearchFormValues>({
    defaultValues: values,
  });
  const range = useWatch({ control, name: "range" });
  const error = (name: keyof SearchFormValues) =>
    formState.errors[name]?.message ?? (edited ? undefined : (urlErrors[name] ?? urlErrors[`${name}.0`]));
  // A value from the link that no stored event has (yet) stays selectable, so the form shows what is being searched.
  const withCurrent = (choices: string[], current: string | undefined) =>
    current && !choices.includes(current) ? [...choices, current] : choices;
  const resultChoices = withCurrent(results, values.result);
  const productChoices = withCurrent(products, values.product);

  /**
   * The query for the fields as they are, or null when a value is wrong. While a change is
   * in progress an empty field is not yet an error (a custom range waits for its start);
   * Enter (`complete`) reports every problem.
   */
  const readQuery = (complete: boolean) => (): string | null => {
    const current = getValues();
    const parsed = searchFormSchema.safeParse(current);
    clearErrors();
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]) as keyof SearchFormValues;
        const value = current[field];
        if (complete || (Array.isArray(value) ? value.length > 0 : value !== "")) {
          setError(field, { type: "validate", message: issue.message });
        }
      }
      return null;
    }
    const next = searchQueryString(parsed.data);
    if (next !== query) onRequest(next);
    return next;
  };

  const onChange = (event: ChangeEvent<HTMLFormElement>) => {
    setEdited(true);
    const target = event.target as unknown as HTMLInputElement;
    if (TYPED_FIELDS.has(target.id)) applyAfterTyping(readQuery(false), target.id);
    else applyNow(readQuery(false));
  };
  const { onSubmit, onKeyDown } = applyOnSubmit(() => {
    setEdited(true);
    applyNow(readQuery(true));
  });

  return (
    <form
      action="/search"
      method="get"
      onChange={onChange}
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      onBlur={endTyping}
      noValidate
      role="search"
      aria-label="Event filters"
      aria-busy={pending}
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
                {enumLabel(result)}
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
      <FilterFooter pending={pending} clearHref="/search" />
    </form>
  );
}
