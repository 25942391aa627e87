import { flushSignInFailureTallies } from "@/lib/audit/sign-in-failures";
import { RateLimitedError } from "@/lib/errors";
import {
  type RateLimitPolicy,
  clearRateLimits,
  clearRateLimitsByPrefix,
  countedRateLimitHits,
  pruneRateLimits,
  refundRateLimit,
  takeRateLimit,
  waitingKeys,
} from "@/lib/rate-limit/limiter";

/**
 * Sign-in throttling, with the shared rate limiter (lib/rate-limit). Every attempt is
 * counted BEFORE its password is checked, atomically, so a burst of concurrent guesses
 * gets no more password checks than the limits below; a successful sign-in gives its
 * attempt back. Nothing here is a lock on an account: the waits are short and capped,
 * and they fall on the address that made the attempts, so someone guessing from elsewhere
 * cannot keep an account's owner out.
 *
 * - Per address and account: 5 attempts, then a wait of 30 s before the next, doubling
 *   with each further attempt up to 5 minutes. While an account has had more than 20 wrong
 *   passwords in 15 minutes from all addresses together (a spread-out guessing attack),
 *   each address gets 1 attempt at it before waiting, instead of 5.
 * - Per address, over all accounts: 50 attempts, then 30 s doubling up to 15 minutes
 *   (an office behind one NAT shares this allowance).
 * Counting starts afresh after 15 minutes without an attempt. An admin's unlock
 * (Settings > Users) clears an account's waits at once.
 */
const THROTTLE_WINDOW_MINUTES = 15;
const WINDOW_SECONDS = THROTTLE_WINDOW_MINUTES * 60;

const SIGN_IN_LIMITS = {
  accountAddress: { limit: 5, windowSeconds: WINDOW_SECONDS, backoff: { baseSeconds: 30, maxSeconds: 5 * 60 } },
  accountAddressUnderAttack: {
    limit: 1,
    windowSeconds: WINDOW_SECONDS,
    backoff: { baseSeconds: 30, maxSeconds: 5 * 60 },
  },
  address: { limit: 50, windowSeconds: WINDOW_SECONDS, backoff: { baseSeconds: 30, maxSeconds: 15 * 60 } },
  // Counts wrong passwords and never refuses: only tells whether the account is being guessed at from many addresses.
  account: { limit: 2_147_483_647, windowSeconds: WINDOW_SECONDS },
} satisfies Record<string, RateLimitPolicy>;
const ACCOUNT_UNDER_ATTACK_FAILURES = 20;

const UNKNOWN_ADDRESS = "unknown";

export type SignInAttempt = { email: string; address: string | undefined };

const normalizeEmail = (email: string) => email.trim().toLowerCase();
const addressKey = (address: string) => `sign-in:address:${address}`;
const accountKey = (email: string) => `sign-in:account:${normalizeEmail(email)}`;
const ACCOUNT_ADDRESS = "sign-in:account-address:";
const accountAddressPrefix = (email: string) => `${ACCOUNT_ADDRESS}${normalizeEmail(email)}|`;
const accountAddressKey = (attempt: SignInAttempt) =>
  `${accountAddressPrefix(attempt.email)}${attempt.address ?? UNKNOWN_ADDRESS}`;

/** Which limit refused an attempt: the address as a whole, or this address at this account. */
export class SignInThrottledError extends RateLimitedError {
  readonly scope: "address" | "account";
  constructor(scope: "address" | "account", retryAfterSeconds: number) {
    super(
      `Too many failed sign-in attempts from your address. Wait ${formatWait(retryAfterSeconds)} and try again; an admin can lift this under Settings > Users.`,
      retryAfterSeconds,
    );
    this.scope = scope;
  }
}

/**
 * Counts a sign-in attempt; throws SignInThrottledError (without counting it further) when
 * the address, or this address's attempts at this account, must wait first.
 */
export async function takeSignInAttempt(attempt: SignInAttempt, now = new Date()): Promise<void> {
  if (attempt.address) {
    const byAddress = await takeRateLimit(addressKey(attempt.address), SIGN_IN_LIMITS.address, now);
    if (!byAddress.allowed) throw new SignInThrottledError("address", byAddress.retryAfterSeconds);
  }
  const underAttack =
    (await countedRateLimitHits(accountKey(attempt.email), SIGN_IN_LIMITS.account, now)) >
    ACCOUNT_UNDER_ATTACK_FAILURES;
  const policy = underAttack ? SIGN_IN_LIMITS.accountAddressUnderAttack : SIGN_IN_LIMITS.accountAddress;
  const byAccountAddress = await takeRateLimit(accountAddressKey(attempt), policy, now);
  if (!byAccountAddress.allowed) throw new SignInThrottledError("account", byAccountAddress.retryAfterSeconds);
}

/**
 * A wrong password: counted for the account over all addresses. Only checked passwords
 * count, and one address gets few checks, so many failures mean many addresses.
 */
export async function signInFailed(attempt: SignInAttempt, now = new Date()): Promise<void> {
  await takeRateLimit(accountKey(attempt.email), SIGN_IN_LIMITS.account, now);
}

/** A successful sign-in: its address starts afresh at this account, and its attempt is given back. */
export async function signInSucceeded(attempt: SignInAttempt): Promise<void> {
  await clearRateLimits([accountAddressKey(attempt)]);
  if (attempt.address) await refundRateLimit(addressKey(attempt.address), SIGN_IN_LIMITS.address);
}

/** An admin's unlock: every wait on this account, from every address, ends now. */
export async function clearSignInThrottle(email: string): Promise<number> {
  return (await clearRateLimits([accountKey(email)])) + (await clearRateLimitsByPrefix([accountAddressPrefix(email)]));
}

/** The accounts some address must currently wait to try again (Settings > Users shows them, with Unlock). */
export async function throttledAccounts(now = new Date()): Promise<Set<string>> {
  const keys = await waitingKeys(ACCOUNT_ADDRESS, now);
  return new Set(keys.map((key) => key.slice(ACCOUNT_ADDRESS.length, key.lastIndexOf("|"))));
}

/**
 * Housekeeping, run by the worker every 10 minutes: reports failed sign-ins whose window
 * has closed to the audit trail, and drops counters nobody waits on any more.
 */
export async function pruneSignInThrottles(now = new Date()): Promise<number> {
  await flushSignInFailureTallies(now);
  return pruneRateLimits(WINDOW_SECONDS, now);
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
