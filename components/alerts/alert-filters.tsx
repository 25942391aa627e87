import { markInvisible } from "@/lib/ui/invisible-characters";
import Form from "next/form";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import {
  ALERT_KIND_LABELS,
  ALERT_KINDS,
  type AlertFilterValues,
  SEVERITIES,
  SEVERITY_LABELS,
} from "@/lib/alerts/schemas";

/**
 * The alert list's filters: a GET form, so every filtered view is a link (and works
 * without JavaScript); Next's Form navigates client-side when it can.
 */
export function AlertFilters({
  values,
  sources,
  errors = {},
}: {
  values: AlertFilterValues;
  sources: { id: string; name: string }[];
  errors?: Record<string, string>;
}) {
  const sourceChoices =
    values.source && !sources.some((s) => s.id === values.source)
      ? [...sources, { id: values.source, name: "Unknown source" }]
      : sources;
  return (
    <Form action="/alerts" aria-label="Alert filters" className="rounded-lg border border-line bg-panel p-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Field id="status" label="Status" error={errors.status}>
          <Select id="status" name="status" defaultValue={values.status}>
            <option value="open">Open</option>
            <option value="resolved">Resolved</option>
            <option value="all">All</option>
          </Select>
        </Field>
        <Field id="kind" label="Kind" error={errors.kind}>
          <Select id="kind" name="kind" defaultValue={values.kind}>
            <option value="">Any kind</option>
            {ALERT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {ALERT_KIND_LABELS[kind]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="severity" label="Severity" error={errors.severity}>
          <Select id="severity" name="severity" defaultValue={values.severity}>
            <option value="">Any severity</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {SEVERITY_LABELS[severity]}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="source" label="Source" error={errors.source ?? errors.sourceId}>
          <Select id="source" name="source" defaultValue={values.source}>
            <option value="">Any source</option>
            {sourceChoices.map((source) => (
              <option key={source.id} value={source.id}>
                {markInvisible(source.name)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClasses("primary")}>
          Apply filters
        </button>
        <Link href="/alerts" className={buttonClasses("ghost")}>
          Clear filters
        </Link>
      </div>
    </Form>
  );
}
