import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "@/lib/auth/options";
import { type Actor, isAdmin } from "@/lib/auth/roles";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { actorById } from "@/lib/users/service";

/** The signed-in, enabled user for this request, or null. Cached per request. */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? actorById(id) : null;
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
