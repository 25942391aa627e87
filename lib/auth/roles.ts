import type { Role } from "@/lib/generated/prisma/enums";

/**
 * The signed-in person something is done for. Roles are checked where a request comes in
 * (lib/server-action.ts, lib/api/handler.ts, the pages); services take an actor only to
 * record who did something.
 */
export type Actor = { id: string; email: string; name: string; role: Role };

export const ROLE_LABELS: Record<Role, string> = { ADMIN: "Admin", ANALYST: "Analyst" };

export function isAdmin(actor: Actor): boolean {
  return actor.role === "ADMIN";
}
