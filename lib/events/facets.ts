import { pool } from "@/lib/db";

/**
 * Choices for the filter bar, each answered from an index in a few milliseconds however
 * many events are stored. Suggestions only: the filters accept any value.
 */
export type SourceOption = { id: string; name: string };

export async function listSourceOptions(): Promise<SourceOption[]> {
  const { rows } = await pool().query<SourceOption>("SELECT id, name FROM log_sources ORDER BY name_key");
  return rows;
}

const MAX_CHOICES = 500;
const KNOWN_RESULTS = ["SUCCESS", "FAILURE"];

/**
 * Distinct values of an indexed column, by walking its (column, event_time) index one
 * value at a time (a "loose index scan"): one index probe per distinct value instead of
 * reading every row. `column` is one of ours, never input.
 */
async function distinctValues(column: "action" | "result" | "product"): Promise<string[]> {
  const { rows } = await pool().query<{ value: string }>(
    `WITH RECURSIVE walk(value) AS (
       (SELECT ${column} FROM events WHERE ${column} IS NOT NULL ORDER BY ${column} LIMIT 1)
       UNION ALL
       SELECT (SELECT e.${column} FROM events e WHERE e.${column} > walk.value ORDER BY e.${column} LIMIT 1)
       FROM walk WHERE walk.value IS NOT NULL
     )
     SELECT value FROM walk WHERE value IS NOT NULL LIMIT $1`,
    [MAX_CHOICES],
  );
  return rows.map((row) => row.value);
}

export async function listActions(): Promise<string[]> {
  return distinctValues("action");
}

/** The usual two results are offered even before any event carries them. */
export async function listResults(): Promise<string[]> {
  return [...new Set([...KNOWN_RESULTS, ...(await distinctValues("result"))])].sort();
}

export async function listProducts(): Promise<string[]> {
  return distinctValues("product");
}

/** Whether anything is stored at all: tells "nothing matches" from "nothing yet". */
export async function hasAnyEvents(): Promise<boolean> {
  const { rows } = await pool().query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM events) AS any");
  return rows[0]?.any ?? false;
}
