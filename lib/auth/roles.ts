import { ForbiddenError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";

/** The signed-in person a service acts for. Services take it explicitly and check it themselves. */
export type Actor = { id: string; email: string; name: string; role: Role };

export const ROLE_LABELS: Record<Role, string> = { ADMIN: "Admin", ANALYST: "Analyst" };

export function isAdmin(actor: Actor): boolean {
  return actor.role === "ADMIN";
}

export function assertAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new ForbiddenError();
}
