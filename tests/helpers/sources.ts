import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { DEMO_US3_ADMIN_KEY } from "@/simulator/rapid7";
import { type CreateSourceInput, createSourceSchema } from "@/lib/sources/schemas";
import { createSource } from "@/lib/sources/service";

let counter = 0;

/** A source created through the real service (so verified against the simulator), named uniquely; `overrides` as the form would send them. */
export async function createTestSource(admin: Actor, overrides: Partial<CreateSourceInput> = {}) {
  counter += 1;
  return createSource(
    admin,
    createSourceSchema.parse({
      name: `Rapid7 test ${counter}-${Math.random().toString(36).slice(2, 6)}`,
      region: "us3",
      apiKey: DEMO_US3_ADMIN_KEY,
      ...overrides,
    }),
  );
}

export async function storedAuditIds(sourceId: string): Promise<string[]> {
  const rows = await db.event.findMany({ where: { sourceId }, select: { auditId: true } });
  return rows.map((row) => row.auditId).sort();
}
