import type { Actor } from "@/lib/auth/roles";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";

let counter = 0;

/** A real user row of the given role, returned as the Actor services receive. */
export async function createActor(
  role: Actor["role"],
  overrides: { email?: string; password?: string } = {},
): Promise<Actor> {
  counter += 1;
  const email =
    overrides.email ?? `${role.toLowerCase()}-${counter}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const user = await db.user.create({
    data: {
      email,
      name: `${role} ${counter}`,
      role,
      passwordHash: await hashPassword(overrides.password ?? "a long enough password"),
    },
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
