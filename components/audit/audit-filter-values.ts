import { auditFiltersFromSearchParams, auditFiltersSchema } from "@/lib/audit/schemas";
import { toUtcText } from "@/lib/ui/time";
import { fieldErrorsOf } from "@/lib/validation";

/** The audit log's filters as the form holds them (times in UTC, as the form sends them). */
export type AuditFilterValues = { action: string; actor: string; targetType: string; from: string; to: string };

/**
 * The form's values and what is wrong, for a URL's parameters: the page builds its links
 * from them and the filters (in the browser) show them, so both read the URL the same way.
 * A valid time is written as the date-time field sends it (seconds kept when there are
 * any), so the form and the page agree on the query.
 */
export function auditFilterState(params: Record<string, string | string[] | undefined>): {
  raw: ReturnType<typeof auditFiltersFromSearchParams>;
  values: AuditFilterValues;
  errors: Record<string, string>;
} {
  const raw = auditFiltersFromSearchParams(params);
  const parsed = auditFiltersSchema.safeParse(raw);
  const utcText = (value: Date | undefined) => (value ? toUtcText(value) : "");
  const errors: Record<string, string> = parsed.success ? {} : fieldErrorsOf(parsed.error);
  return {
    raw,
    values: {
      action: raw.action ?? "",
      actor: raw.actor ?? "",
      targetType: raw.targetType ?? "",
      from: parsed.success ? utcText(parsed.data.from) : (raw.from ?? ""),
      to: parsed.success ? utcText(parsed.data.to) : (raw.to ?? ""),
    },
    errors,
  };
}
