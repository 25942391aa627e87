import type PgBoss from "pg-boss";
import { pool } from "@/lib/db";
import type { JobContract } from "./contract";

/**
 * Creates job queues one process at a time. pg-boss's create_queue adds a partition to
 * its job table, and processes doing that at once on a fresh database deadlock: of three
 * workers started together, two failed with "deadlock detected", every time. A cluster-wide
 * advisory lock (held on a connection of its own) makes them take turns; once the queues
 * exist each call is a no-op insert, so later starts wait only milliseconds.
 */
export async function createQueues(boss: PgBoss, contracts: readonly JobContract[]): Promise<void> {
  if (contracts.length === 0) return;
  const connection = await pool().connect();
  try {
    await connection.query("SELECT pg_advisory_lock(hashtextextended('intake:queue-setup', 0))");
    try {
      for (const contract of contracts)
        await boss.createQueue(contract.name, { name: contract.name, ...contract.queue });
    } finally {
      await connection.query("SELECT pg_advisory_unlock(hashtextextended('intake:queue-setup', 0))");
    }
  } finally {
    connection.release();
  }
}
