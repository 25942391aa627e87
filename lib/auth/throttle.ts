import { pool } from "@/lib/db";
import { RateLimitedError } from "@/lib/errors";

/**
 * Throttles repeated failed sign-ins per email address and per client address, in
 * Postgres so the limit holds across every web process. After the free attempts in
 * a 15-minute window are used up, the key is locked, each further failure for twice
 * as long as the last (1, 2, 4 ... minutes, at most an hour); a success clears the
 * email's count.
 */
export const THROTTLE_WINDOW_MINUTES = 15;
// Per address the allowance is larger: an office behind one NAT shares it.
const FREE_FAILURES = { email: 5, ip: 50 } as const;
const MAX_LOCK_MINUTES = 60;

type ThrottleKey = { kind: keyof typeof FREE_FAILURES; value: string };

export function throttleKeys(email: string, clientAddress: string | undefined): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ kind: "email", value: email.trim().toLowerCase() }];
  if (clientAddress) keys.push({ kind: "ip", value: clientAddress });
  return keys;
}

const keyId = (key: ThrottleKey) => `${key.kind}:${key.value}`;

/** Throws RateLimitedError while any of the keys is locked. */
export async function assertNotThrottled(keys: ThrottleKey[], now = new Date()): Promise<void> {
  const { rows } = await pool().query<{ locked_until: Date }>(
    `SELECT locked_until FROM sign_in_throttles WHERE key = ANY($1) AND locked_until > $2 ORDER BY locked_until DESC LIMIT 1`,
    [keys.map(keyId), now],
  );
  const lockedUntil = rows[0]?.locked_until;
  if (lockedUntil) {
    const seconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
    throw new RateLimitedError(
      `Too many failed sign-in attempts. Try again in ${formatWait(seconds)}, or ask an admin to reset your password.`,
      seconds,
    );
  }
}

export async function recordFailedSignIn(keys: ThrottleKey[], now = new Date()): Promise<void> {
  for (const key of keys) {
    await pool().query(
      `INSERT INTO sign_in_throttles (key, failures, window_start) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN sign_in_throttles.window_start < $2 - make_interval(mins => $3)
                         THEN 1 ELSE sign_in_throttles.failures + 1 END,
         window_start = CASE WHEN sign_in_throttles.window_start < $2 - make_interval(mins => $3)
                             THEN $2 ELSE sign_in_throttles.window_start END`,
      [keyId(key), now, THROTTLE_WINDOW_MINUTES],
    );
    await pool().query(
      `UPDATE sign_in_throttles
         SET locked_until = $2::timestamptz + make_interval(mins => LEAST($4::int, power(2, failures - $3::int)::int))
       WHERE key = $1 AND failures >= $3::int`,
      [keyId(key), now, FREE_FAILURES[key.kind], MAX_LOCK_MINUTES],
    );
  }
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await pool().query(`DELETE FROM sign_in_throttles WHERE key = $1`, [keyId({ kind: "email", value: email.trim().toLowerCase() })]);
}

/** Housekeeping: drop entries whose window and lock have both passed. */
export async function pruneSignInThrottles(now = new Date()): Promise<number> {
  const result = await pool().query(
    `DELETE FROM sign_in_throttles
      WHERE window_start < $1::timestamptz - make_interval(mins => $2::int) AND (locked_until IS NULL OR locked_until < $1::timestamptz)`,
    [now, THROTTLE_WINDOW_MINUTES],
  );
  return result.rowCount ?? 0;
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
