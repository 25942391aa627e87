import { pool } from "@/lib/db";

/**
 * Intake's one rate limiter, for sign-in attempts and REST API requests alike. Counters
 * live in Postgres (table rate_limits) so a limit holds across every web process, and
 * each attempt is counted and decided by ONE upsert: concurrent attempts queue on the
 * row, so a burst can never get more attempts through than the policy allows.
 *
 * A policy lets `limit` attempts through per window. What happens after the limit:
 * - without `backoff` (a fixed window, for the REST API) the key waits for the window's end;
 * - with `backoff` (sign-in) each further attempt must wait, twice as long as the last
 *   (baseSeconds, 2×, 4× … at most maxSeconds), and the window slides: counting starts
 *   afresh only once a whole window has passed without an attempt.
 * Attempts refused while a key waits are not counted, so hammering a key cannot make its
 * wait longer than the policy's cap.
 */
export type RateLimitPolicy = {
  limit: number;
  windowSeconds: number;
  backoff?: { baseSeconds: number; maxSeconds: number };
};

export type RateLimitDecision = { allowed: true; hits: number } | { allowed: false; retryAfterSeconds: number };

// 2^20 × any sensible base is far past every cap: the exponent stops there so power() cannot overflow.
const MAX_DOUBLINGS = 20;

/** When a key has to wait after its `hits`-th attempt: never before the limit; then until the window ends, or the backoff's delay. */
function waitUntil(hits: string, windowStart: string): string {
  return `CASE WHEN ${hits} < $4::int THEN NULL
               WHEN $6::int IS NULL THEN ${windowStart} + make_interval(secs => $5::int)
               ELSE $2::timestamptz + make_interval(secs => LEAST($7::int, $6::int * power(2, LEAST(${hits} - $4::int, ${MAX_DOUBLINGS}))))
          END`;
}

const TAKE_SQL = `
  INSERT INTO rate_limits AS r (key, hits, window_start, blocked_until, last_grant_id)
  VALUES ($1, 1, $2, ${waitUntil("1", "$2::timestamptz")}, $3)
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.blocked_until > $2 THEN r.hits
                WHEN r.window_start <= $2::timestamptz - make_interval(secs => $5::int) THEN 1
                ELSE r.hits + 1 END,
    window_start = CASE WHEN r.blocked_until > $2 THEN r.window_start
                        WHEN r.window_start <= $2::timestamptz - make_interval(secs => $5::int) OR $6::int IS NOT NULL THEN $2
                        ELSE r.window_start END,
    blocked_until = CASE WHEN r.blocked_until > $2 THEN r.blocked_until
                         WHEN r.window_start <= $2::timestamptz - make_interval(secs => $5::int) THEN ${waitUntil("1", "$2::timestamptz")}
                         ELSE ${waitUntil("(r.hits + 1)", "r.window_start")} END,
    last_grant_id = CASE WHEN r.blocked_until > $2 THEN r.last_grant_id ELSE $3 END
  RETURNING hits, blocked_until, last_grant_id = $3 AS allowed`;

/** Counts one attempt against `key` and says whether it may go ahead, or how long to wait. */
export async function takeRateLimit(
  key: string,
  policy: RateLimitPolicy,
  now = new Date(),
): Promise<RateLimitDecision> {
  const { rows } = await pool().query<{ hits: number; blocked_until: Date | null; allowed: boolean }>(TAKE_SQL, [
    key,
    now,
    crypto.randomUUID(),
    policy.limit,
    policy.windowSeconds,
    policy.backoff?.baseSeconds ?? null,
    policy.backoff?.maxSeconds ?? null,
  ]);
  const row = rows[0]!;
  if (row.allowed) return { allowed: true, hits: row.hits };
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((row.blocked_until!.getTime() - now.getTime()) / 1000)),
  };
}

/** How many attempts `key` has counted in its current window, without counting one. */
export async function countedRateLimitHits(key: string, policy: RateLimitPolicy, now = new Date()): Promise<number> {
  const { rows } = await pool().query<{ hits: number }>(
    `SELECT hits FROM rate_limits WHERE key = $1 AND window_start > $2::timestamptz - make_interval(secs => $3::int)`,
    [key, now, policy.windowSeconds],
  );
  return rows[0]?.hits ?? 0;
}

/** Gives back one attempt (one that turned out legitimate, like a successful sign-in), lifting the wait if that brings the key under its limit. */
export async function refundRateLimit(key: string, policy: RateLimitPolicy): Promise<void> {
  await pool().query(
    `UPDATE rate_limits SET hits = GREATEST(hits - 1, 0), blocked_until = CASE WHEN hits - 1 < $2::int THEN NULL ELSE blocked_until END WHERE key = $1`,
    [key, policy.limit],
  );
}

/** Forgets keys entirely (a successful sign-in for its own account and address; an admin's unlock). */
export async function clearRateLimits(keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  return (await pool().query(`DELETE FROM rate_limits WHERE key = ANY($1)`, [keys])).rowCount ?? 0;
}

const startsWith = (prefix: string) => `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** Forgets every key that starts with one of the prefixes. */
export async function clearRateLimitsByPrefix(prefixes: string[]): Promise<number> {
  if (prefixes.length === 0) return 0;
  return (
    (await pool().query(`DELETE FROM rate_limits WHERE key LIKE ANY($1)`, [prefixes.map(startsWith)])).rowCount ?? 0
  );
}

/** The keys starting with `prefix` that must wait right now. */
export async function waitingKeys(prefix: string, now = new Date()): Promise<string[]> {
  const { rows } = await pool().query<{ key: string }>(
    `SELECT key FROM rate_limits WHERE key LIKE $1 AND blocked_until > $2`,
    [startsWith(prefix), now],
  );
  return rows.map((row) => row.key);
}

/** Housekeeping: drop keys that no longer wait and whose window (as long as the longest policy's) has passed. */
export async function pruneRateLimits(olderThanSeconds: number, now = new Date()): Promise<number> {
  const result = await pool().query(
    `DELETE FROM rate_limits
      WHERE window_start < $1::timestamptz - make_interval(secs => $2::int) AND (blocked_until IS NULL OR blocked_until < $1::timestamptz)`,
    [now, olderThanSeconds],
  );
  return result.rowCount ?? 0;
}
