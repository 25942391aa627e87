/** Turns the GET and POST forms of a Log Search query into one validated description. */
import { Rapid7ApiError, badRequest } from "./api-error";
import type { SimulatorKnobs } from "./knobs";
import { type ParsedLeql, parseLeql } from "./leql";
import { type ResolvedRange, parseTimeRange } from "./time-range";

export const DEFAULT_PER_PAGE = 50;

export interface QuerySpec {
  logIds: string[];
  leql: ParsedLeql;
  range: ResolvedRange & { timeRange?: string };
  perPage: number;
  /** per_page or sequence_number was sent: statistical queries refuse both. */
  paginationRequested: boolean;
  /** Resume strictly after this entry (ascending) or strictly before it (most recent first). */
  afterSeq: bigint | null;
  mostRecentFirst: boolean;
}

const DIGITS = /^\d{1,19}$/;

export function parseGetQuery(
  idsSegment: string,
  params: URLSearchParams,
  knobs: SimulatorKnobs,
  nowMs: number,
): QuerySpec {
  return buildSpec({
    logIds: splitIds(idsSegment),
    statement: params.get("query") ?? "",
    from: params.get("from"),
    to: params.get("to"),
    timeRange: params.get("time_range"),
    params,
    knobs,
    nowMs,
  });
}

export function parsePostQuery(
  bodyText: string,
  params: URLSearchParams,
  knobs: SimulatorKnobs,
  nowMs: number,
): QuerySpec {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    throw badRequest("Request body must be JSON");
  }
  const record = asRecord(body);
  const leql = asRecord(record?.leql);
  const during = asRecord(leql?.during);
  const logs = record?.logs;
  if (!Array.isArray(logs) || logs.length === 0 || !logs.every((id) => typeof id === "string")) {
    throw badRequest('"logs" must be a non-empty array of log ids');
  }
  if (!during) throw badRequest('"leql.during" is required');
  const statement = leql?.statement ?? "";
  if (typeof statement !== "string") throw badRequest('"leql.statement" must be a string');
  return buildSpec({
    logIds: logs as string[],
    statement,
    from: optionalText(during.from),
    to: optionalText(during.to),
    timeRange: typeof during.time_range === "string" ? during.time_range : null,
    params,
    knobs,
    nowMs,
  });
}

function buildSpec(input: {
  logIds: string[];
  statement: string;
  from: string | null;
  to: string | null;
  timeRange: string | null;
  params: URLSearchParams;
  knobs: SimulatorKnobs;
  nowMs: number;
}): QuerySpec {
  const { params, knobs } = input;
  const leql = parseLeql(input.statement);
  const range = resolveRange(input.from, input.to, input.timeRange, input.nowMs);

  const perPageText = params.get("per_page");
  const sequenceText = params.get("sequence_number");
  if (leql.statistics && (perPageText !== null || sequenceText !== null)) {
    throw badRequestWithCode("Pagination is not supported with statistic queries", 101009);
  }

  let perPage = DEFAULT_PER_PAGE;
  if (perPageText !== null) {
    if (!/^\d{1,9}$/.test(perPageText) || Number(perPageText) < 1)
      throw badRequest("per_page must be a positive integer");
    perPage = Number(perPageText);
    if (perPage > knobs.maxPerPage) {
      if (knobs.perPageOverflow === "reject") throw badRequest(`per_page must not exceed ${knobs.maxPerPage}`);
      perPage = knobs.maxPerPage;
    }
  }

  let afterSeq: bigint | null = null;
  if (sequenceText !== null) {
    if (!DIGITS.test(sequenceText)) throw badRequest("sequence_number must be a decimal integer");
    afterSeq = BigInt(sequenceText);
  }

  return {
    logIds: input.logIds,
    leql,
    range,
    perPage,
    paginationRequested: perPageText !== null || sequenceText !== null,
    afterSeq,
    mostRecentFirst: (params.get("most_recent_first") ?? "").toLowerCase() === "true",
  };
}

function resolveRange(
  from: string | null,
  to: string | null,
  timeRange: string | null,
  nowMs: number,
): QuerySpec["range"] {
  if (from !== null || to !== null) {
    if (from === null || to === null) throw badRequest("Both from and to are required (UNIX epoch milliseconds)");
    if (!DIGITS.test(from) || !DIGITS.test(to)) throw badRequest("from and to must be UNIX epoch milliseconds");
    const range = { fromMs: Number(from), toMs: Number(to) };
    if (range.fromMs > range.toMs) throw badRequest("from must not be later than to");
    return range;
  }
  if (timeRange !== null) return { ...parseTimeRange(timeRange, nowMs), timeRange };
  throw badRequest("Give either from and to, or time_range");
}

function badRequestWithCode(message: string, code: number) {
  return new Rapid7ApiError(400, message, { code, id: "IDR" });
}

export function splitIds(segment: string): string[] {
  return decodeURIComponent(segment)
    .split(":")
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function optionalText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === "number" || typeof value === "string" ? String(value) : "invalid";
}
