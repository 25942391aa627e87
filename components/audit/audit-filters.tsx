import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, describedBy } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ZonedDateTimeField } from "@/components/ui/zoned-date-time-field";

/**
 * The audit log's filters: a plain GET form, so every filtered view is a link and works
 * without JavaScript. Errors about the current URL show on their fields.
 */
export type AuditFilterValues = { action: string; actor: string; targetType: string; from: string; to: string };

export function AuditFilters({
  values,
  actions,
  targetTypes,
  errors,
}: {
  values: AuditFilterValues;
  actions: string[];
  targetTypes: string[];
  errors: Record<string, string>;
}) {
  const actionChoices = values.action && !actions.includes(values.action) ? [...actions, values.action] : actions;
  const typeChoices =
    values.targetType && !targetTypes.includes(values.targetType) ? [...targetTypes, values.targetType] : targetTypes;
  const filtered = Object.values(values).some((value) => value !== "");
  return (
    <form
      action="/settings/audit-log"
      method="get"
      role="search"
      aria-label="Audit log filters"
      className="mb-6 rounded-lg border border-line bg-panel p-4"
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-5">
        <Field id="action" label="Action" error={errors.action}>
          <Select id="action" name="action" defaultValue={values.action} {...describedBy("action", errors.action)}>
            <option value="">Any action</option>
            {actionChoices.map((action) => (
              <option key={action} value={action}>
                {action}
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
                {type}
              </option>
            ))}
          </Select>
        </Field>
        <ZonedDateTimeField id="from" name="from" label="From" value={values.from} error={errors.from} />
        <ZonedDateTimeField id="to" name="to" label="To" value={values.to} error={errors.to} />
      </div>
      <div className="mt-4 flex items-center gap-3">
        <Button type="submit" variant="secondary" size="sm">
          Apply filters
        </Button>
        {filtered ? (
          <Link href="/settings/audit-log" className={buttonClasses("ghost", "sm")}>
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}
