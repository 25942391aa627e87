import { db } from "@/lib/db";
import type { ApiFamily, RateLimitSnapshot } from "@/lib/integrations/rapid7";

/**
 * Rapid7 counts requests per API key and family in a 15-minute window. We remember the
 * last headers we saw per key (by fingerprint: sources sharing a key share a budget) so
 * that pulls stop before the budget is gone and onboarding checks still get through.
 */
export async function recordRateLimit(keyFingerprint: string, snapshot: RateLimitSnapshot): Promise<void> {
  await db.rateLimitState.upsert({
    where: { keyFingerprint_family: { keyFingerprint, family: snapshot.family } },
    create: {
      keyFingerprint,
      family: snapshot.family,
      limit: snapshot.limit,
      remaining: snapshot.remaining,
      resetAt: snapshot.resetAt,
    },
    update: { limit: snapshot.limit, remaining: snapshot.remaining, resetAt: snapshot.resetAt },
  });
}

export async function rateLimitHeadroom(keyFingerprint: string, family: ApiFamily, now = new Date()) {
  const state = await db.rateLimitState.findUnique({ where: { keyFingerprint_family: { keyFingerprint, family } } });
  if (!state || state.resetAt <= now) return null;
  return { limit: state.limit, remaining: state.remaining, resetAt: state.resetAt };
}

export function isNearlyExhausted(
  snapshot: { remaining: number; resetAt: Date } | null | undefined,
  reserve: number,
  now = new Date(),
): boolean {
  return snapshot !== null && snapshot !== undefined && snapshot.remaining < reserve && snapshot.resetAt > now;
}
