"use client";

import { useSearchParams } from "next/navigation";
import { markInvisible } from "@/lib/ui/invisible-characters";
import { fieldErrorsOf } from "@/lib/validation";
import { AutoApplyForm } from "@/components/filters/auto-apply-form";
import { filterQuery } from "@/components/filters/filter-query";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import {
  ALERT_KIND_LABELS,
  ALERT_KINDS,
  alertFilterValues,
  alertParamsSchema,
  SEVERITIES,
  SEVERITY_LABELS,
} from "@/lib/alerts/schemas";

/** Open alerts are what the list shows unless asked otherwise: the status the query string leaves out. */
const DEFAULTS = { status: "open" };

/**
 * The alert list's filters, applied as they change; every filtered view is a link. Read
 * from the URL in the browser (they live in the list's layout), with what is wrong in it
 * shown on its field. `sources` are those with alerts, the only ones the source filter
 * can match.
 */
export function AlertFilters({ sources }: { sources: { id: string; name: string }[] }) {
  const params = Object.fromEntries(useSearchParams());
  const values = alertFilterValues(params);
  const parsed = alertParamsSchema("open").safeParse(params);
  const errors: Record<string, string> = parsed.success ? {} : fieldErrorsOf(parsed.error);
  // The choices are the sources with alerts; a link can name another (a source's own "alerts" view).
  const sourceChoices =
    values.source && !sources.some((s) => s.id === values.source)
      ? [...sources, { id: values.source, name: "No alerts from this source" }]
      : sources;
  return (
    <AutoApplyForm
      action="/alerts"
      label="Alert filters"
      currentQuery={filterQuery(
        { status: values.status, kind: values.kind, severity: values.severity, source: values.source },
        DEFAULTS,
      )}
      defaults={DEFAULTS}
      clearHref="/alerts"
      className="rounded-lg border border-line bg-panel p-4"
    >
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
    </AutoApplyForm>
  );
}
