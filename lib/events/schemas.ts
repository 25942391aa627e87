import { z } from "zod";
import { decodePosition, encodePosition, positionParam } from "@/lib/paging/position";
import { hasNonTextControlCharacters } from "@/lib/text/control-characters";

/**
 * Search filters, shared by the filter form (react-hook-form), the Search page (which
 * reads them from the URL) and the export route. Every filter lives in the query string,
 * so a search is a link: the form writes the same parameters this file reads back.
 */
export const PAGE_SIZE = 50;

export const TIME_RANGES = ["15m", "1h", "24h", "7d", "30d", "custom"] as const;
export type TimeRange = (typeof TIME_RANGES)[number];
const DEFAULT_TIME_RANGE: TimeRange = "24h";

export const TIME_RANGE_LABELS: Record<TimeRange, string> = {
  "15m": "Last 15 minutes",
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  custom: "Custom range",
};

const RANGE_MS: Record<Exclude<TimeRange, "custom">, number> = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "24h": 24 * 3_600_000,
  "7d": 7 * 24 * 3_600_000,
  "30d": 30 * 24 * 3_600_000,
};

/** Below this the trigram index cannot help, and a substring search would read every row. */
const TEXT_MIN_LENGTH = 3;
const MAX_SOURCES = 50;

/** What a person sees for each URL parameter, so a bad link names the filter it broke. */
export const FILTER_LABELS: Record<string, string> = {
  source: "Source",
  range: "Time range",
  from: "From",
  to: "To",
  action: "Action",
  result: "Result",
  product: "Product",
  person: "Person",
  text: "Description text",
  cursor: "Page",
  event: "Event",
  format: "Format",
};

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads "2024-05-30 14:00", "2024-05-30T14:00:05.120Z", "2024-05-30T16:00+02:00" or a bare
 * date. Without a zone the time is UTC, the zone the console shows every time in.
 */
function parseDateTime(text: string): Date | null {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", ms = "0", zone] = match;
  const offset =
    !zone || zone.toUpperCase() === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms.padEnd(3, "0")}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  // Date accepts Feb 31 and rolls over; a typo should be an error, not another day.
  const wallClock = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  if (
    wallClock.getUTCMonth() !== Number(mo) - 1 ||
    wallClock.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return null;
  }
  return date;
}

/** "2024-05-30 14:00:05" in UTC: what the custom range inputs show for a stored bound. */
export function formatDateTimeInput(date: Date): string {
  return date
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "")
    .replace(/:00$/, "");
}

const DATE_TIME_MESSAGE = "Use a UTC date and time like 2024-05-30 14:00.";

const dateTimeText = z
  .string()
  .trim()
  .max(40, DATE_TIME_MESSAGE)
  .refine((value) => value === "" || parseDateTime(value) !== null, DATE_TIME_MESSAGE);

/** Bounded, and without NUL and its kin (PostgreSQL cannot compare text holding them: the query would fail). */
const boundedText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters for the ${what}.`)
    .refine((value) => !hasNonTextControlCharacters(value), `Remove control characters from the ${what}.`);

/** A custom range needs a start, and its end (when given) must come after it. */
function checkCustomRange(value: { range: TimeRange; from: string; to: string }, ctx: z.RefinementCtx): void {
  if (value.range !== "custom") return;
  if (value.from === "") {
    ctx.addIssue({ code: "custom", path: ["from"], message: "Enter when the custom range starts." });
    return;
  }
  const from = parseDateTime(value.from);
  const to = value.to === "" ? null : parseDateTime(value.to);
  if (from && to && from.getTime() >= to.getTime()) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "The end of the range must be after its start." });
  }
}

/** The filter form's fields; empty strings mean "any". */
export const searchFormSchema = z
  .object({
    source: z
      .array(z.uuid("Choose a source from the list."))
      .max(MAX_SOURCES, `Choose at most ${MAX_SOURCES} sources.`),
    range: z.enum(TIME_RANGES, { message: "Choose one of the time ranges: 15m, 1h, 24h, 7d, 30d or custom." }),
    from: dateTimeText,
    to: dateTimeText,
    action: boundedText(200, "action"),
    result: boundedText(100, "result"),
    product: boundedText(100, "product"),
    person: boundedText(320, "email or username"),
    text: boundedText(200, "description text").refine(
      (value) => value === "" || value.length >= TEXT_MIN_LENGTH,
      `Type at least ${TEXT_MIN_LENGTH} characters to search descriptions.`,
    ),
  })
  .superRefine(checkCustomRange);
export type SearchFormValues = z.input<typeof searchFormSchema>;

/** Position in the newest-first order: the last row shown. */
export type Cursor = { timeMs: number; id: string };

export function encodeCursor(cursor: Cursor): string {
  return encodePosition({ ms: cursor.timeMs, id: cursor.id });
}

/** Ids are bigserials: anything past Postgres's bigint cannot be one. */
export function decodeCursor(text: string): Cursor | null {
  const position = decodePosition(text, /\d{1,19}/);
  if (!position || BigInt(position.id) > 9_223_372_036_854_775_807n) return null;
  return { timeMs: position.ms, id: position.id };
}

export type SearchFilters = {
  sourceIds: string[];
  range: TimeRange;
  /** Only for the custom range; presets are resolved against the clock at query time. */
  from: Date | null;
  to: Date | null;
  action: string | null;
  result: string | null;
  product: string | null;
  person: string | null;
  text: string | null;
  cursor: Cursor | null;
};

/** The shape Next hands a page as searchParams. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value) ?? "";
const allValues = (value: unknown) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item) => item !== "");

const formFields = searchFormSchema.shape;

/** Reads the URL. Repeated single-valued parameters use the first value. */
export const searchParamsSchema = z
  .object({
    source: z.preprocess(allValues, formFields.source),
    range: z.preprocess((value) => firstValue(value) || DEFAULT_TIME_RANGE, formFields.range),
    from: z.preprocess(firstValue, formFields.from),
    to: z.preprocess(firstValue, formFields.to),
    action: z.preprocess(firstValue, formFields.action),
    result: z.preprocess(firstValue, formFields.result),
    product: z.preprocess(firstValue, formFields.product),
    person: z.preprocess(firstValue, formFields.person),
    text: z.preprocess(firstValue, formFields.text),
    cursor: positionParam(
      decodeCursor,
      "The page position in this link is damaged. Start again from the newest events.",
    ),
  })
  .superRefine(checkCustomRange)
  .transform((value): SearchFilters => ({
    sourceIds: [...new Set(value.source)],
    range: value.range,
    from: value.range === "custom" ? parseDateTime(value.from) : null,
    to: value.range === "custom" && value.to !== "" ? parseDateTime(value.to) : null,
    action: value.action || null,
    result: value.result || null,
    product: value.product || null,
    person: value.person || null,
    text: value.text || null,
    cursor: value.cursor,
  }));

/** The time window a search covers at `now`: presets have no end (late-arriving events still show), custom ranges are inclusive. */
export function resolveWindow(
  filters: Pick<SearchFilters, "range" | "from" | "to">,
  now: Date,
): { from: Date | null; to: Date | null } {
  if (filters.range === "custom") return { from: filters.from, to: filters.to };
  return { from: new Date(now.getTime() - RANGE_MS[filters.range]), to: null };
}

/** The filter form's values for what the URL says, leniently: a broken link still fills the form so it can be fixed. */
export function formValuesFromParams(params: RawSearchParams): SearchFormValues {
  const text = (key: string) => String(firstValue(params[key])).slice(0, 400);
  const range = text("range");
  return {
    source: allValues(params.source).map(String),
    range: (TIME_RANGES as readonly string[]).includes(range) ? (range as TimeRange) : DEFAULT_TIME_RANGE,
    from: text("from"),
    to: text("to"),
    action: text("action"),
    result: text("result"),
    product: text("product"),
    person: text("person"),
    text: text("text"),
  };
}

/**
 * The query string for a search (no leading "?"). Empty filters and the default range
 * are left out so links stay short; the cursor and open event are added when given.
 */
export function searchQueryString(
  values: Partial<SearchFormValues> & { cursor?: string | null; event?: string | null; format?: string },
): string {
  const query = new URLSearchParams();
  for (const id of values.source ?? []) query.append("source", id);
  if (values.range && values.range !== DEFAULT_TIME_RANGE) query.set("range", values.range);
  if (values.range === "custom") {
    if (values.from?.trim()) query.set("from", values.from.trim());
    if (values.to?.trim()) query.set("to", values.to.trim());
  }
  for (const key of ["action", "result", "product", "person", "text"] as const) {
    const value = values[key]?.trim();
    if (value) query.set(key, value);
  }
  if (values.cursor) query.set("cursor", values.cursor);
  if (values.event) query.set("event", values.event);
  if (values.format) query.set("format", values.format);
  return query.toString();
}

const EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportFormatSchema = z.enum(EXPORT_FORMATS, { message: "Choose jsonl (JSON lines) or csv." });

/** Event ids are bigserials; anything else in the URL is a broken link, not a query. */
export const eventIdSchema = z.string().regex(/^\d{1,19}$/, "The event in this link does not exist.");
