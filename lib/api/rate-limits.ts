import { RateLimitedError } from "@/lib/errors";
import { type RateLimitPolicy, takeRateLimit } from "@/lib/rate-limit/limiter";

/**
 * REST API rate limits, counted in Postgres by the shared limiter (lib/rate-limit), so they
 * hold however many web processes serve the API. Fixed one-minute windows: past the limit,
 * requests get 429 RATE_LIMITED with `Retry-After` (seconds until the window ends).
 * - per client address, every request, before its token is looked at (so guessing tokens is slowed too);
 * - per API token, every request it authenticates.
 */
export const API_RATE_LIMITS = {
  perAddress: { limit: 300, windowSeconds: 60 },
  perToken: { limit: 120, windowSeconds: 60 },
} satisfies Record<string, RateLimitPolicy>;

export async function limitApiRequestsFromAddress(address: string | undefined, now = new Date()): Promise<void> {
  if (!address) return;
  const decision = await takeRateLimit(`api:address:${address}`, API_RATE_LIMITS.perAddress, now);
  if (!decision.allowed)
    throw tooMany(
      `from your address: at most ${API_RATE_LIMITS.perAddress.limit} a minute`,
      decision.retryAfterSeconds,
    );
}

export async function limitApiRequestsWithToken(tokenId: string, now = new Date()): Promise<void> {
  const decision = await takeRateLimit(`api:token:${tokenId}`, API_RATE_LIMITS.perToken, now);
  if (!decision.allowed)
    throw tooMany(
      `with this API token: at most ${API_RATE_LIMITS.perToken.limit} a minute`,
      decision.retryAfterSeconds,
    );
}

function tooMany(what: string, seconds: number): RateLimitedError {
  return new RateLimitedError(
    `Too many API requests ${what}. Wait ${seconds} s (the Retry-After header) and try again.`,
    seconds,
  );
}
