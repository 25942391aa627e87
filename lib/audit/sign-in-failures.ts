import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { recordAudit } from "./record";

/**
 * Failed sign-ins reach the audit trail aggregated, so guessing cannot flood it (and the
 * lock every audit append takes): per client address, account and reason, the first
 * failure in a 15-minute window is one entry at once, and the rest of that window one
 * more entry with their count (`count`, `firstAt`, `lastAt`) once the window has closed.
 *
 * Nothing is dropped: every failure is first counted in sign_in_failure_tallies (one
 * upsert, no audit lock), and a tally row is deleted only in the transaction that writes
 * the entry reporting it. If that write fails, the row stays and a later flush reports it.
 * Flushes happen when the same address fails at the same account again after the window,
 * when the audit log is read, and in the worker's maintenance every 10 minutes.
 */
export const FAILURE_WINDOW_SECONDS = 15 * 60;

export type SignInFailureReason = "unknown_account" | "wrong_password" | "account_disabled" | "throttled";
/** `anyAccount`: the address itself was refused (it tried too many accounts), so it is tallied once, not per account. */
export type SignInFailure = {
  email: string;
  userId: string | null;
  reason: SignInFailureReason;
  clientIp: string | undefined;
  anyAccount?: boolean;
  at?: Date;
};

const ANY_ACCOUNT = "(any account)";

type Tally = {
  key: string;
  email: string;
  user_id: string | null;
  client_ip: string | null;
  reason: string;
  window_start: Date;
  last_at: Date;
  failures: number;
  reported: number;
};
type Tx = Prisma.TransactionClient;

const tallyKey = (failure: SignInFailure) => `${failure.clientIp ?? "unknown"}|${failure.email}|${failure.reason}`;

export async function recordSignInFailure(input: SignInFailure): Promise<void> {
  const failure = input.anyAccount ? { ...input, email: ANY_ACCOUNT, userId: null } : input;
  const at = failure.at ?? new Date();
  const key = tallyKey(failure);
  let failures = await countInOpenWindow(key, failure, at);
  if (failures === null) {
    // This address's previous window at this account has closed: report it, then start a new one.
    await reportTally(key, at);
    failures = (await countInOpenWindow(key, failure, at)) ?? 1;
  }
  if (failures !== 1) return;
  try {
    await db.$transaction(async (tx) => {
      const tally = await lockTally(tx, key);
      if (!tally || tally.reported > 0) return;
      await recordAudit(
        {
          actor: { system: "anonymous" },
          action: "auth.sign_in_failed",
          target: target(tally),
          after: { reason: tally.reason },
          clientIp: tally.client_ip,
          at,
        },
        tx,
      );
      await tx.$executeRaw`UPDATE sign_in_failure_tallies SET reported = reported + 1 WHERE key = ${key}`;
    });
  } catch (error) {
    // The failure stays counted in its tally, and the next flush writes it to the trail.
    logger.error("could not audit a failed sign-in yet; it stays counted and is reported by the next flush", {
      reason: failure.reason,
      error,
    });
  }
}

/** Reports every tally whose window has closed. Returns how many entries it wrote. */
export async function flushSignInFailureTallies(now = new Date()): Promise<number> {
  const closed = await db.$queryRaw<{ key: string }[]>`
    SELECT key FROM sign_in_failure_tallies
     WHERE window_start <= ${now}::timestamptz - make_interval(secs => ${FAILURE_WINDOW_SECONDS}::int)
     ORDER BY window_start LIMIT 1000`;
  let written = 0;
  for (const { key } of closed) if (await reportTally(key, now)) written += 1;
  return written;
}

/** Counts the failure in its tally, unless that tally's window has closed (then null). */
async function countInOpenWindow(key: string, failure: SignInFailure, at: Date): Promise<number | null> {
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO sign_in_failure_tallies AS t (key, email, user_id, client_ip, reason, window_start, last_at, failures, reported)
    VALUES (${key}, ${failure.email}, ${failure.userId}::uuid, ${failure.clientIp ?? null}, ${failure.reason}, ${at}, ${at}, 1, 0)
    ON CONFLICT (key) DO UPDATE SET failures = t.failures + 1, last_at = GREATEST(t.last_at, excluded.last_at), user_id = COALESCE(excluded.user_id, t.user_id)
     WHERE t.window_start > ${at}::timestamptz - make_interval(secs => ${FAILURE_WINDOW_SECONDS}::int)
    RETURNING failures`;
  return rows[0]?.failures ?? null;
}

/** Writes the unreported rest of one tally to the trail and deletes it, in one transaction. */
async function reportTally(key: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const tally = await lockTally(tx, key);
    if (!tally) return false;
    const unreported = tally.failures - tally.reported;
    if (unreported > 0) {
      await recordAudit(
        {
          actor: { system: "anonymous" },
          action: "auth.sign_in_failed",
          target: target(tally),
          after: {
            reason: tally.reason,
            count: unreported,
            firstAt: tally.window_start.toISOString(),
            lastAt: tally.last_at.toISOString(),
          },
          clientIp: tally.client_ip,
          at: now,
        },
        tx,
      );
    }
    await tx.$executeRaw`DELETE FROM sign_in_failure_tallies WHERE key = ${key}`;
    return unreported > 0;
  });
}

async function lockTally(tx: Tx, key: string): Promise<Tally | undefined> {
  const rows = await tx.$queryRaw<Tally[]>`SELECT * FROM sign_in_failure_tallies WHERE key = ${key} FOR UPDATE`;
  return rows[0];
}

function target(tally: Tally) {
  return { type: "user", id: tally.user_id, label: tally.email.slice(0, 254) };
}
