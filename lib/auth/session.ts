import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { type Actor, isAdmin } from "@/lib/auth/roles";
import { secrets } from "@/lib/config/secrets";
import { env } from "@/lib/env";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { actorForSession } from "./sessions";

/**
 * The signed-in, enabled user for this request, or null. Reads next-auth's signed
 * session cookie (its expiry is checked when it is decrypted) and reloads the user: a
 * token whose session version is no longer the user's (signed out, password changed or
 * reset, disabled, role changed) is no session, from the very next request.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const jar = await cookies();
  const token = await getToken({
    req: { cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), headers: {} } as never,
    secret: secrets().authSecret,
    secureCookie: (env().NEXTAUTH_URL ?? "").startsWith("https://"),
  });
  return token?.sub ? actorForSession(token.sub, token.sv) : null;
});

/** For server actions and route handlers: throws typed errors the boundary translates. */
export async function requireActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

export async function requireAdmin(): Promise<Actor> {
  const actor = await requireActor();
  if (!isAdmin(actor)) throw new ForbiddenError();
  return actor;
}

/** For pages: send anonymous visitors to sign in, and refuse analysts on admin pages with a 403. */
export async function requirePageActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  return actor;
}

export async function requirePageAdmin(): Promise<Actor> {
  const actor = await requirePageActor();
  if (!isAdmin(actor)) forbidden();
  return actor;
}
