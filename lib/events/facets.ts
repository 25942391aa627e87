import type { Actor } from "@/lib/auth/roles";
import { pool } from "@/lib/db";

/**
 * Choices for the filter bar, each answered from an index in a few milliseconds however
 * many events are stored. Suggestions only: the filters accept any value.
 */
export type SourceOption = { id: string; name: string };

export async function listSourceOptions(_actor: Actor): Promise<SourceOption[]> {
  const { rows } = await pool().query<SourceOption>("SELECT id, name FROM log_sources ORDER BY name_key");
  return rows;
}

const MAX_ACTIONS = 500;

/**
 * Distinct actions by walking the (action, event_time) index one value at a time (a
 * "loose index scan"): one index probe per distinct action instead of reading every row.
 */
export async function listActions(_actor: Actor): Promise<string[]> {
  const { rows } = await pool().query<{ action: string }>(
    `WITH RECURSIVE walk(action) AS (
       (SELECT action FROM events ORDER BY action LIMIT 1)
       UNION ALL
       SELECT (SELECT e.action FROM events e WHERE e.action > walk.action ORDER BY e.action LIMIT 1)
       FROM walk WHERE walk.action IS NOT NULL
     )
     SELECT action FROM walk WHERE action IS NOT NULL LIMIT $1`,
    [MAX_ACTIONS],
  );
  return rows.map((row) => row.action);
}

const KNOWN_RESULTS = ["SUCCESS", "FAILURE"];
const RESULT_SAMPLE = 1_000;

/** Results are few and not indexed: the usual two plus whatever the newest events use. */
export async function listResults(_actor: Actor): Promise<string[]> {
  const { rows } = await pool().query<{ result: string }>(
    `SELECT DISTINCT result FROM (SELECT result FROM events ORDER BY event_time DESC, id DESC LIMIT $1) recent WHERE result IS NOT NULL`,
    [RESULT_SAMPLE],
  );
  return [...new Set([...KNOWN_RESULTS, ...rows.map((row) => row.result)])].sort();
}

/** Whether anything is stored at all: tells "nothing matches" from "nothing yet". */
export async function hasAnyEvents(_actor: Actor): Promise<boolean> {
  const { rows } = await pool().query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM events) AS any");
  return rows[0]?.any ?? false;
}
