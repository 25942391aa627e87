"use client";

import { useSearchParams } from "next/navigation";
import { AutoApplyForm } from "@/components/filters/auto-apply-form";
import { filterQuery } from "@/components/filters/filter-query";
import { Field, describedBy } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ZonedDateTimeField } from "@/components/ui/zoned-date-time-field";
import { identifierLabel } from "@/lib/ui/labels";
import { auditFilterState } from "./audit-filter-values";

/**
 * The audit log's filters, applied as they change; every filtered view is a link. Read
 * from the URL in the browser (they live in the audit log's layout); errors about the
 * current URL show on their fields.
 */
export function AuditFilters({ actions, targetTypes }: { actions: string[]; targetTypes: string[] }) {
  const { values, errors } = auditFilterState(Object.fromEntries(useSearchParams()));
  const actionChoices = values.action && !actions.includes(values.action) ? [...actions, values.action] : actions;
  const typeChoices =
    values.targetType && !targetTypes.includes(values.targetType) ? [...targetTypes, values.targetType] : targetTypes;
  const currentQuery = filterQuery({
    action: values.action,
    actor: values.actor,
    targetType: values.targetType,
    from: values.from,
    to: values.to,
  });
  return (
    <AutoApplyForm
      action="/settings/audit-log"
      label="Audit log filters"
      currentQuery={currentQuery}
      clearHref={currentQuery ? "/settings/audit-log" : undefined}
      className="mb-6 rounded-lg border border-line bg-panel p-4"
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Field id="action" label="Action" error={errors.action}>
          <Select id="action" name="action" defaultValue={values.action} {...describedBy("action", errors.action)}>
            <option value="">Any action</option>
            {actionChoices.map((action) => (
              <option key={action} value={action}>
                {identifierLabel(action)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="actor" label="Actor" error={errors.actor}>
          <Input
            id="actor"
            name="actor"
            defaultValue={values.actor}
            placeholder="Email, or anonymous"
            autoComplete="off"
            {...describedBy("actor", errors.actor)}
          />
        </Field>
        <Field id="targetType" label="Target type" error={errors.targetType}>
          <Select
            id="targetType"
            name="targetType"
            defaultValue={values.targetType}
            {...describedBy("targetType", errors.targetType)}
          >
            <option value="">Any target</option>
            {typeChoices.map((type) => (
              <option key={type} value={type}>
                {identifierLabel(type)}
              </option>
            ))}
          </Select>
        </Field>
        <ZonedDateTimeField id="from" name="from" label="From" value={values.from} error={errors.from} />
        <ZonedDateTimeField id="to" name="to" label="To" value={values.to} error={errors.to} />
      </div>
    </AutoApplyForm>
  );
}
