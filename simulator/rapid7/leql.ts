/**
 * The subset of LEQL that audit-log pullers actually send: nothing, `where(/regex/)`,
 * `where(field=value)`, a plain keyword, and `groupby(field)` / `calculate(count)` to recognise
 * statistical queries, with `timeslice(N)` (N buckets) or `timeslice(15m)` (buckets of 15 minutes)
 * for their timeseries. Anything else is a 400, so a client relying on more fails loudly in tests.
 */
import { badRequest } from "./api-error";

export type MessageFilter = (message: string) => boolean;

export interface ParsedLeql {
  statement: string;
  /** null when every entry matches. */
  filter: MessageFilter | null;
  /** Present for statistical queries (they return `statistics`, never events). */
  statistics: { groupBy: string | null; calculate: string; timeslice: Timeslice | null } | null;
}

/** How a statistical query's timeseries is cut: into a number of buckets, or into buckets of a duration. */
type Timeslice = { buckets: number } | { bucketMs: number };

const CLAUSE = /^(where|groupby|calculate|timeslice)\s*\(/i;
const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseLeql(statement: string): ParsedLeql {
  const text = statement.trim();
  if (text === "") return { statement, filter: null, statistics: null };
  if (!CLAUSE.test(text)) {
    if (/[()]/.test(text)) throw invalid(statement);
    return { statement, filter: keywordFilter(unquote(text)), statistics: null };
  }

  let filter: MessageFilter | null = null;
  let groupBy: string | null = null;
  let calculate: string | null = null;
  let timeslice: Timeslice | null = null;
  let rest = text;
  while (rest.length > 0) {
    const clause = CLAUSE.exec(rest);
    if (!clause) throw invalid(statement);
    const name = (clause[1] ?? "").toLowerCase();
    const close = findClosingParen(rest, clause[0].length);
    if (close < 0) throw invalid(statement);
    const argument = rest.slice(clause[0].length, close).trim();
    rest = rest.slice(close + 1).trim();
    if (name === "where") {
      if (filter) throw invalid(statement);
      filter = whereFilter(argument, statement);
    } else if (name === "groupby") {
      if (!/^[A-Za-z_][\w.]*$/.test(argument)) throw invalid(statement);
      groupBy = argument;
    } else if (name === "timeslice") {
      timeslice = parseTimeslice(argument, statement);
    } else {
      const fn = argument.split(":")[0]?.trim().toLowerCase() ?? "";
      if (fn !== "count")
        throw badRequest(`Unsupported LEQL function "${argument}": the simulator only calculates count`);
      calculate = fn;
    }
  }
  if (timeslice !== null && calculate === null && groupBy === null) throw invalid(statement);
  const statistics =
    groupBy !== null || calculate !== null ? { groupBy, calculate: calculate ?? "count", timeslice } : null;
  return { statement, filter, statistics };
}

function parseTimeslice(argument: string, statement: string): Timeslice {
  const buckets = /^(\d{1,4})$/.exec(argument);
  if (buckets && Number(buckets[1]) >= 1) return { buckets: Number(buckets[1]) };
  const duration = /^(\d{1,6})([smhd])$/i.exec(argument);
  if (duration && Number(duration[1]) >= 1)
    return { bucketMs: Number(duration[1]) * (DURATION_UNITS[(duration[2] ?? "").toLowerCase()] ?? 0) };
  throw invalid(statement);
}

function invalid(statement: string) {
  return badRequest(`Invalid LEQL query: ${statement}`);
}

/** Index of the ")" closing the clause opened just before `start`, skipping quoted text and /regex/. */
function findClosingParen(text: string, start: number): number {
  let depth = 1;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || (ch === "/" && text.slice(start, i).trim() === "")) quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i;
  }
  return -1;
}

function whereFilter(argument: string, statement: string): MessageFilter | null {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(argument);
  if (regex) {
    let pattern: RegExp;
    try {
      pattern = new RegExp(regex[1] ?? "", (regex[2] ?? "").replace(/[gy]/g, ""));
    } catch {
      throw invalid(statement);
    }
    // `where(/.*/)` is how clients say "everything"; skip the per-entry work for it.
    return regex[1] === ".*" ? null : (message) => pattern.test(message);
  }
  const pair = /^([A-Za-z_][\w.]*)\s*=\s*(.+)$/s.exec(argument);
  if (pair) return fieldFilter(pair[1] ?? "", unquote((pair[2] ?? "").trim()));
  if (argument === "") throw invalid(statement);
  return keywordFilter(unquote(argument));
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).replace(/\\"/g, '"') : text;
}

function keywordFilter(keyword: string): MessageFilter {
  return (message) => message.includes(keyword);
}

/** Reads a field from a JSON message, or from key=value pairs in a text line (LEQL's KVP parsing). */
export function messageField(message: string, path: string): string | undefined {
  if (message.startsWith("{")) {
    try {
      let value: unknown = JSON.parse(message);
      for (const part of path.split(".")) {
        value = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
      }
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : undefined;
    } catch {
      // Not JSON after all: fall through to key=value parsing.
    }
  }
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const kvp = new RegExp(`(?:^|\\s)${escaped}=(?:"([^"]*)"|(\\S+))`).exec(message);
  return kvp ? (kvp[1] ?? kvp[2]) : undefined;
}

function fieldFilter(field: string, expected: string): MessageFilter {
  return (message) => messageField(message, field) === expected;
}
