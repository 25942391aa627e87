import { z } from "zod";
import { decodePosition, encodePosition, positionParam, UUID_ID } from "@/lib/paging/position";
import { hasNonTextControlCharacters } from "@/lib/text/control-characters";

/**
 * Alert vocabulary, shared by the alert pages (filters), the server actions, the REST
 * API and the services. Isomorphic: no server code here.
 */
export const ALERT_KINDS = [
  "no_events",
  "credentials",
  "pull_failing",
  "security_silence",
  "low_volume",
  "coverage",
  "detection",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  no_events: "No events",
  credentials: "Credentials rejected",
  pull_failing: "Pulls failing",
  security_silence: "Security: audit trail silenced",
  low_volume: "Low volume",
  coverage: "Coverage differs from Rapid7",
  detection: "Detection",
};

/** Kinds Intake raises itself from source health (not from detection rules). */
export const HEALTH_ALERT_KINDS = [
  "no_events",
  "credentials",
  "pull_failing",
  "security_silence",
  "low_volume",
  "coverage",
] as const satisfies readonly AlertKind[];

/** Most severe first. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Info",
};

/** Higher is more severe: critical 4 … info 0. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function isAlertKind(value: string): value is AlertKind {
  return (ALERT_KINDS as readonly string[]).includes(value);
}

/** Whether `severity` is at least as severe as `minimum` (unknown values never pass). */
export function severityAtLeast(severity: string, minimum: string): boolean {
  if (!isSeverity(severity) || !isSeverity(minimum)) return false;
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}

export const ALERT_STATUSES = ["open", "resolved"] as const;
type AlertStatus = (typeof ALERT_STATUSES)[number];

export const severitySchema = z.enum(SEVERITIES, { message: `Use one of ${SEVERITIES.join(", ")}.` });
export const alertKindSchema = z.enum(ALERT_KINDS, { message: `Use one of ${ALERT_KINDS.join(", ")}.` });

export const ALERT_PAGE_SIZE = 50;

/** Position in the newest-last-seen-first order: the last row shown. */
export type AlertCursor = { lastSeenMs: number; id: string };

export function encodeAlertCursor(cursor: AlertCursor): string {
  return encodePosition({ ms: cursor.lastSeenMs, id: cursor.id });
}

export function decodeAlertCursor(text: string): AlertCursor | null {
  const position = decodePosition(text, UUID_ID);
  return position && { lastSeenMs: position.ms, id: position.id };
}

/** What listAlerts filters on. `status` absent means open and resolved alike. */
export type AlertFilters = {
  status?: AlertStatus;
  kind?: AlertKind;
  severity?: Severity;
  sourceId?: string;
  cursor?: AlertCursor | string | null;
};

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value) ?? "";
const emptyToUndefined = (value: unknown) => {
  const first = firstValue(value);
  return first === "" ? undefined : first;
};

export const STATUS_FILTERS = ["open", "resolved", "all"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/**
 * The alert list's URL (and the REST API's query string): status=open|resolved|all
 * (`defaultStatus` when absent), kind, severity, source (or sourceId), cursor.
 */
export function alertParamsSchema(defaultStatus: StatusFilter) {
  return z
    .object({
      status: z.preprocess(
        (value) => emptyToUndefined(value) ?? defaultStatus,
        z.enum(STATUS_FILTERS, { message: "Use open, resolved or all." }),
      ),
      kind: z.preprocess(emptyToUndefined, alertKindSchema.optional()),
      severity: z.preprocess(emptyToUndefined, severitySchema.optional()),
      source: z.preprocess(emptyToUndefined, z.uuid("Choose a source from the list.").optional()),
      sourceId: z.preprocess(emptyToUndefined, z.uuid("Use a source id (a UUID).").optional()),
      cursor: positionParam(
        decodeAlertCursor,
        "The page position in this link is damaged. Start again from the newest alerts.",
      ),
    })
    .transform((value): AlertFilters & { statusFilter: StatusFilter } => ({
      statusFilter: value.status,
      status: value.status === "all" ? undefined : value.status,
      kind: value.kind,
      severity: value.severity,
      sourceId: value.sourceId ?? value.source,
      cursor: value.cursor,
    }));
}

/** The filter form's values as strings ("" = any), for the alert list's query string. */
export type AlertFilterValues = { status: StatusFilter; kind: string; severity: string; source: string };

/** The filter form's values for a URL's parameters; anything unknown reads as "any" (errors come from alertParamsSchema). */
export function alertFilterValues(params: Record<string, string | string[] | undefined>): AlertFilterValues {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";
  const status = first(params.status);
  return {
    status: (STATUS_FILTERS as readonly string[]).includes(status) ? (status as StatusFilter) : "open",
    kind: first(params.kind),
    severity: first(params.severity),
    source: first(params.source) || first(params.sourceId),
  };
}

export function alertQueryString(values: Partial<AlertFilterValues> & { cursor?: string | null }): string {
  const params = new URLSearchParams();
  if (values.status && values.status !== "open") params.set("status", values.status);
  if (values.kind) params.set("kind", values.kind);
  if (values.severity) params.set("severity", values.severity);
  if (values.source) params.set("source", values.source);
  if (values.cursor) params.set("cursor", values.cursor);
  return params.toString();
}

export const RESOLUTION_NOTE_MAX = 1000;

export const resolveAlertSchema = z.object({
  alertId: z.uuid("Unknown alert."),
  note: z
    .string()
    .trim()
    .max(RESOLUTION_NOTE_MAX, `Use at most ${RESOLUTION_NOTE_MAX} characters.`)
    .refine((value) => !hasNonTextControlCharacters(value), "Remove control characters; line breaks and tabs are fine.")
    .optional()
    .transform((value) => (value ? value : undefined)),
});

export const reopenAlertSchema = z.object({ alertId: z.uuid("Unknown alert.") });
