import { Rapid7Error } from "./errors";

/**
 * Retries what can succeed later: transient failures with full-jitter exponential
 * backoff, rate limiting after Rapid7's Retry-After (when the wait is acceptable).
 * Credential, permission and configuration problems are never retried.
 */
export type RetryPolicy = {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After we wait out inside one operation; longer ones end it. */
  maxRateLimitWaitMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  maxRateLimitWaitMs: 120_000,
};

export type RetryObserver = (event: { attempt: number; error: Rapid7Error; delayMs: number }) => void;

export async function withRetries<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy,
  options: { signal?: AbortSignal; onRetry?: RetryObserver; random?: () => number } = {},
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (error) {
      if (!(error instanceof Rapid7Error) || !error.retryable || attempt >= policy.maxAttempts) throw error;
      let delayMs: number;
      if (error.kind === "rate_limited") {
        delayMs = (error.details.retryAfterSeconds ?? 60) * 1000;
        if (delayMs > policy.maxRateLimitWaitMs) throw error;
        // A sliver of jitter so many sources sharing a key do not return in lockstep.
        delayMs += Math.floor(random() * 250);
      } else {
        delayMs = Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
      }
      options.onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, options.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
