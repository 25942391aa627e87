import { describe, expect, inject, it } from "vitest";
import { db, disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { createLogger } from "@/lib/logger";
import { jobRegistry } from "@/lib/worker/registry";
import { startWorkerRuntime } from "@/lib/worker/runtime";
import { createDatabase } from "../helpers/test-postgres";

const log = createLogger({ test: "worker-start-race" });

/**
 * Scale-out starts several workers at once, often on a database none has used yet. pg-boss
 * creating the same queues from several processes deadlocked: two of three workers failed
 * to start in every round before queue creation took turns (lib/queue/queue-setup.ts).
 */
describe("workers starting together", () => {
  it("three workers started at once on a fresh database all start", { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const url = await createDatabase(inject("pgAdminUrl"));
      await disconnectDatabase();
      useDatabaseUrl(url);
      const results = await Promise.allSettled(
        [0, 1, 2].map(() =>
          startWorkerRuntime({ connectionString: url, jobs: jobRegistry, heartbeatSeconds: 5, version: "test", log }),
        ),
      );
      const queues = await db.$queryRaw<{ name: string }[]>`SELECT name FROM pgboss.queue`;
      expect(queues.map((queue) => queue.name)).toEqual(
        expect.arrayContaining(jobRegistry.map((job) => job.contract.name)),
      );
      for (const result of results) {
        if (result.status === "rejected") failures.push(`round ${round}: ${String(result.reason)}`);
        else await result.value.stop();
      }
    }
    expect(failures).toEqual([]);
  });
});
