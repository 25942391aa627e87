import { db } from "@/lib/db";
import type { Actor } from "./roles";

/**
 * Sessions are signed tokens (JWT) that carry the user's session version from the moment
 * of sign-in. Sign-out, a password change or reset, disabling the user and changing their
 * role add one to the version stored with the user, and a token carrying an older version
 * is no session from the next request on, wherever it was issued. Tokens issued before
 * versions existed carry none and count as version 0, the version every user starts at.
 */
export async function actorForSession(userId: string, sessionVersion: number | undefined): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, sessionVersion: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== (sessionVersion ?? 0)) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Sign-out: ends every session of this user, unless the token signing out is already outdated. */
export async function endSessions(userId: string, sessionVersion: number | undefined): Promise<void> {
  await db.user.updateMany({
    where: { id: userId, sessionVersion: sessionVersion ?? 0 },
    data: { sessionVersion: { increment: 1 } },
  });
}

/** Whether a session token is still current (next-auth's own session endpoint asks). */
export async function isSessionCurrent(userId: string, sessionVersion: number | undefined): Promise<boolean> {
  return (await actorForSession(userId, sessionVersion)) !== null;
}

/** A user as the server sees them now, for credentials that carry no session version (API tokens): disabled or deleted users are no one. */
export async function actorById(id: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
