import PgBoss from "pg-boss";

/** pg-boss keeps its tables in their own schema, out of the way of Prisma's. */
export const BOSS_SCHEMA = "pgboss";

export function createBoss(connectionString: string, role: "worker" | "sender"): PgBoss {
  const boss = new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    application_name: `intake-${role}`,
    max: role === "worker" ? 12 : 3,
    // Only workers run pg-boss's maintenance and cron clock; senders just enqueue.
    supervise: role === "worker",
    schedule: role === "worker",
  });
  return boss;
}
