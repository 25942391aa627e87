import { timingSafeEqual } from "node:crypto";
import type { Actor } from "@/lib/auth/roles";
import { actorById } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { UnauthenticatedError } from "@/lib/errors";
import { API_TOKEN_PATTERN } from "./schemas";
import { hashApiToken } from "./service";

/**
 * Who a REST API request acts for: the owner of the API token in its
 * `Authorization: Bearer itk_…` header. Session cookies are never consulted, so the API
 * has no CSRF surface. The token is looked up by its SHA-256 (the lookup's timing depends
 * on a hash the caller cannot steer, not on how much of a real token they guessed), and
 * the stored hash is compared in constant time. Revoked and expired tokens and tokens of
 * disabled users are refused; `last_used_at` is written at most once a minute per token.
 * `onValidToken` runs for each request a valid (unrevoked, unexpired) token makes, before
 * its owner is looked at: the REST API counts the request against the token's rate limit
 * there (lib/api/rate-limits.ts), so a refused request does not count as the token's use.
 */
export const LAST_USED_RESOLUTION_MS = 60_000;

type AuthenticateOptions = { onValidToken?: (tokenId: string, now: Date) => Promise<void> };

export async function authenticateApiRequest(
  request: Request,
  now = new Date(),
  options: AuthenticateOptions = {},
): Promise<Actor> {
  const token = bearerToken(request.headers.get("authorization"));
  const presentedHash = hashApiToken(token);
  const row = await db.apiToken.findUnique({
    where: { tokenHash: presentedHash },
    select: { id: true, userId: true, tokenHash: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash, "hex"), Buffer.from(presentedHash, "hex"))) {
    throw new UnauthenticatedError("This API token is not valid. Create a token under Settings > API tokens.");
  }
  if (row.revokedAt)
    throw new UnauthenticatedError("This API token has been revoked. Create a new one under Settings > API tokens.");
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) {
    throw new UnauthenticatedError("This API token has expired. Create a new one under Settings > API tokens.");
  }
  await options.onValidToken?.(row.id, now);
  const actor = await actorById(row.userId);
  if (!actor) throw new UnauthenticatedError("This API token belongs to a disabled account.");
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests from several web processes still write once a minute.
    await db.apiToken.updateMany({
      where: {
        id: row.id,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
      },
      data: { lastUsedAt: now },
    });
  }
  return actor;
}

function bearerToken(header: string | null): string {
  if (!header)
    throw new UnauthenticatedError(
      "Send an API token: Authorization: Bearer <token>. Create one under Settings > API tokens.",
    );
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  const token = match?.[1];
  if (!token) throw new UnauthenticatedError("Send the API token as Authorization: Bearer <token>.");
  if (!API_TOKEN_PATTERN.test(token))
    throw new UnauthenticatedError("This API token is not valid. Create a token under Settings > API tokens.");
  return token;
}
