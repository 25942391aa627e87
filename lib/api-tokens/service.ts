import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { type Actor, isAdmin } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import {
  API_TOKEN_DISPLAY_LENGTH,
  API_TOKEN_PREFIX,
  type CreateApiTokenInput,
  type RevokeApiTokenInput,
  MAX_ACTIVE_TOKENS_PER_USER,
  createApiTokenSchema,
  expiryDate,
  revokeApiTokenSchema,
} from "./schemas";

/**
 * Personal API tokens for the REST API. A token is `itk_` + 32 random bytes; only its
 * SHA-256 is stored (with its first characters, to recognise it in a list), and the full
 * value is returned exactly once, by `createApiToken`. Everyone manages their own tokens;
 * admins may also see and revoke everyone else's. A token acts with its owner's role.
 */
export type ApiTokenStatus = "active" | "expired" | "revoked";

export type ApiTokenSummary = {
  id: string;
  name: string;
  /** The first characters of the token, e.g. `itk_Ab3dE9xZ`. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  status: ApiTokenStatus;
  owner: { id: string; email: string; name: string };
};

const summarySelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  user: { select: { id: true, email: true, name: true } },
} as const;

type Row = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  user: { id: string; email: string; name: string };
};

function tokenStatus(token: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): ApiTokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

function toSummary(row: Row, now = new Date()): ApiTokenSummary {
  const { user, ...rest } = row;
  return { ...rest, status: tokenStatus(row, now), owner: user };
}

/** SHA-256 hex of the full token: what is stored and looked up. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function generateApiToken(): { token: string; tokenHash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, API_TOKEN_DISPLAY_LENGTH) };
}

function auditTarget(token: { id: string; name: string; prefix: string }, ownerEmail: string) {
  return { type: "api_token", id: token.id, label: `${token.name} (${token.prefix}…, ${ownerEmail})` };
}

/** Creates a token for the actor. `token` is the full secret: show it once, never store or log it. */
export async function createApiToken(
  actor: Actor,
  raw: CreateApiTokenInput,
): Promise<{ token: string; summary: ApiTokenSummary }> {
  const input = parseInput(createApiTokenSchema, raw);
  const generated = generateApiToken();
  const now = new Date();
  const expiresAt = expiryDate(input.expiresIn, now);
  const row = await db.$transaction(async (tx) => {
    // Serializes one person's creations so the limit below holds under concurrent requests.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('intake:api-tokens'), hashtext(${actor.id}))`;
    const active = await tx.apiToken.count({
      where: { userId: actor.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
    if (active >= MAX_ACTIVE_TOKENS_PER_USER) {
      throw new ValidationError(
        `You already have ${MAX_ACTIVE_TOKENS_PER_USER} active tokens. Revoke one you no longer use first.`,
      );
    }
    const created = await tx.apiToken.create({
      data: {
        userId: actor.id,
        name: input.name,
        tokenHash: generated.tokenHash,
        prefix: generated.prefix,
        createdAt: now,
        expiresAt,
      },
      select: summarySelect,
    });
    await recordAudit(
      {
        actor,
        action: "api_token.created",
        target: auditTarget(created, actor.email),
        after: { name: created.name, prefix: created.prefix, expiresAt: created.expiresAt },
        at: now,
      },
      tx,
    );
    return created;
  });
  return { token: generated.token, summary: toSummary(row, now) };
}

/**
 * One person's tokens, or everyone's (the settings page lists those for admins only).
 * Active tokens first, newest first within each group.
 */
export async function listApiTokens(whose: { ownerId: string } | "everyone"): Promise<ApiTokenSummary[]> {
  const rows = await db.apiToken.findMany({
    where: whose === "everyone" ? {} : { userId: whose.ownerId },
    select: summarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const now = new Date();
  const order: Record<ApiTokenStatus, number> = { active: 0, expired: 1, revoked: 2 };
  return rows.map((row) => toSummary(row, now)).sort((a, b) => order[a.status] - order[b.status]);
}

/** Revokes a token at once. Owners may revoke their own; admins anyone's. Revoking twice changes nothing. */
export async function revokeApiToken(actor: Actor, raw: RevokeApiTokenInput): Promise<ApiTokenSummary> {
  const input = parseInput(revokeApiTokenSchema, raw);
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: input.tokenId }, select: summarySelect });
    if (!token) throw new NotFoundError("This token does not exist any more.");
    if (token.user.id !== actor.id && !isAdmin(actor))
      throw new ForbiddenError("You can only revoke your own tokens. Ask an admin to revoke someone else's.");
    if (token.revokedAt) return toSummary(token);
    const now = new Date();
    const updated = await tx.apiToken.update({
      where: { id: token.id },
      data: { revokedAt: now },
      select: summarySelect,
    });
    await recordAudit(
      {
        actor,
        action: "api_token.revoked",
        target: auditTarget(token, token.user.email),
        before: { revokedAt: null },
        after: { revokedAt: now },
        at: now,
      },
      tx,
    );
    return toSummary(updated, now);
  });
}
