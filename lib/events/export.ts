import { pool } from "@/lib/db";
import { logger } from "@/lib/logger";
import type { EventIndex } from "@/lib/logtypes/types";
import { parseInput } from "@/lib/validation";
import { buildEventQuery } from "./query";
import {
  type Cursor,
  type ExportFormat,
  type RawSearchParams,
  type SearchFilters,
  exportFormatSchema,
} from "./schemas";
import { parseSearchParams } from "./search";

/**
 * Streams the current search result as JSON lines (one normalized record per line) or
 * CSV. Rows are read in keyset chunks, each its own short query, and only when the
 * client asks for more, so an export holds neither memory nor a database connection
 * for longer than one chunk, however big it is.
 */
const EXPORT_ROW_CAP = 1_000_000;
const CHUNK_SIZE = 2_000;

export const CSV_COLUMNS = [
  "event_time",
  "source",
  "action",
  "result",
  "product",
  "description",
  "emails",
  "usernames",
  "audit_id",
  "p_row_id",
] as const;

export type EventExport = {
  stream: ReadableStream<Uint8Array>;
  filename: string;
  contentType: string;
  filters: SearchFilters;
};

/** The indexed columns keep their names in the events table (lib/logtypes EventIndex; its dedup key is audit_id there). */
type ExportRow = Omit<EventIndex, "auditId"> & {
  id: string;
  event_time: Date;
  source_name: string | null;
  line: string | null;
  audit_id: string;
  p_row_id: string | null;
};

const COLUMNS: Record<ExportFormat, string> = {
  jsonl: "e.normalized::text AS line",
  csv: "e.action, e.result, e.product, e.description, e.emails, e.usernames, e.audit_id, e.normalized->>'p_row_id' AS p_row_id",
};

export async function exportEvents(
  params: RawSearchParams,
  format: string,
  options: { now?: Date; cap?: number; chunkSize?: number } = {},
): Promise<EventExport> {
  const kind = parseInput(exportFormatSchema, format);
  // Validate before the response starts: a bad filter is a 400, not a broken download.
  const filters = parseSearchParams(params);
  const now = options.now ?? new Date();
  const cap = options.cap ?? EXPORT_ROW_CAP;
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const encoder = new TextEncoder();

  // An export is the whole result, from the newest event: a page cursor in the link is ignored.
  let after: Cursor | null = null;
  let written = 0;
  let finished = false;
  const fetchRows = async (limit: number) => {
    const query = buildEventQuery(filters, { columns: COLUMNS[kind], limit, after, now });
    return (await pool().query<ExportRow>(query.text, query.values)).rows;
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (kind === "csv") controller.enqueue(encoder.encode(csvLine([...CSV_COLUMNS])));
      },
      async pull(controller) {
        if (finished) return;
        try {
          const limit = Math.min(chunkSize, cap - written);
          const rows = await fetchRows(limit);
          if (rows.length > 0) {
            controller.enqueue(encoder.encode(rows.map(kind === "jsonl" ? jsonLine : csvRow).join("")));
            written += rows.length;
            const last = rows[rows.length - 1]!;
            after = { timeMs: last.event_time.getTime(), id: last.id };
          }
          if (rows.length < limit) {
            finished = true;
            controller.close();
          } else if (written >= cap) {
            finished = true;
            if ((await fetchRows(1)).length > 0) controller.enqueue(encoder.encode(truncationNotice(kind, cap)));
            controller.close();
          }
        } catch (error) {
          finished = true;
          logger.error("event export failed", { error, written });
          controller.error(error);
        }
      },
      cancel() {
        finished = true;
      },
    },
    { highWaterMark: 1 },
  );

  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  return {
    stream,
    filename: `intake-events-${stamp}.${kind}`,
    contentType: kind === "jsonl" ? "application/x-ndjson; charset=utf-8" : "text/csv; charset=utf-8",
    filters,
  };
}

/** The last line when the cap was hit, in the file's own format, so nobody mistakes a cut export for a complete one. */
function truncationNotice(format: ExportFormat, cap: number): string {
  const message = `Export stopped after ${cap.toLocaleString("en-US")} events; more events match. Narrow the time range or filters and export again.`;
  return format === "jsonl"
    ? `${JSON.stringify({ intake_export_truncated: true, message })}\n`
    : csvLine([`# ${message}`]);
}

function jsonLine(row: ExportRow): string {
  return `${row.line}\n`;
}

function csvRow(row: ExportRow): string {
  return csvLine([
    row.event_time.toISOString(),
    row.source_name ?? "",
    row.action,
    row.result ?? "",
    row.product ?? "",
    row.description ?? "",
    row.emails.join("; "),
    row.usernames.join("; "),
    row.audit_id,
    row.p_row_id ?? "",
  ]);
}

/** RFC 4180: every field quoted, quotes doubled, CRLF between records. */
function csvLine(fields: string[]): string {
  return `${fields.map((field) => `"${neutralizeFormula(field).replaceAll('"', '""')}"`).join(",")}\r\n`;
}

/**
 * Audit log text is partly attacker-controlled (names, descriptions); a cell whose first
 * visible character is = + - or @ would run as a formula when the CSV is opened in a
 * spreadsheet, and spreadsheets skip leading spaces, line breaks and other invisible
 * characters to find it; a leading tab or carriage return is a trigger of its own.
 * OWASP's advice: prefix such cells with a quote.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\p{Cc}\p{Cf}]*[=+\-@])/u;

function neutralizeFormula(field: string): string {
  return FORMULA_START.test(field) ? `'${field}` : field;
}
