import { db } from "@/lib/db";
import { createSourceSchema } from "@/lib/sources/schemas";
import { createSource } from "@/lib/sources/service";
import { DEMO_US3_ADMIN_KEY } from "@/simulator/rapid7";

/** A source on the simulator's demo key, created through the real service by a fresh admin. */
export async function createDemoSource(name: string, initialLookbackHours: number) {
  const admin = await db.user.create({
    data: {
      email: `${name.toLowerCase().replace(/\W+/g, "-")}@example.com`,
      name: "Bench",
      role: "ADMIN",
      passwordHash: "x",
    },
  });
  return createSource(
    { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" },
    createSourceSchema.parse({ name, region: "us3", apiKey: DEMO_US3_ADMIN_KEY, initialLookbackHours }),
  );
}
