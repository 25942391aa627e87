import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { disconnectDatabase, useDatabaseUrl } from "@/lib/db";
import { type RunningPostgres, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { migrate } from "@/lib/db/migrator";
import { defineJobContract } from "@/lib/queue/contract";
import { enqueue, stopQueueSender } from "@/lib/queue/enqueue";
import { freePort } from "../helpers/free-port";

/**
 * The queue sender against a database that is away when it is first used, and back a
 * moment later: a real PostgreSQL of this test's own, stopped and started again.
 */
const root = mkdtempSync(path.join(tmpdir(), "intake-queue-"));
chmodSync(root, 0o755); // as root, PostgreSQL runs as the postgres user, who must reach it
let server: RunningPostgres | undefined;

afterAll(async () => {
  await stopQueueSender();
  await disconnectDatabase();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

const probe = defineJobContract({
  name: "test.queue-probe",
  schema: z.object({ n: z.number() }),
  queue: { retryLimit: 0 },
  concurrency: 1,
});

describe("enqueue", () => {
  it("works again once the database is back, after a first attempt found it away", { timeout: 120_000 }, async () => {
    const options = {
      dataDir: path.join(root, "pg"),
      port: await freePort(),
      password: "pw-for-this-test-only",
      database: "intake",
    };
    server = await startEmbeddedPostgres(options);
    await migrate(server.url);
    await disconnectDatabase();
    useDatabaseUrl(server.url);

    // The database goes away before anything was enqueued.
    await server.stop();
    server = undefined;
    await expect(enqueue(probe, { n: 1 })).rejects.toThrow();
    await expect(enqueue(probe, { n: 2 })).rejects.toThrow();

    // It comes back: the next enqueue starts the sender afresh and is stored.
    server = await startEmbeddedPostgres(options);
    const id = await enqueue(probe, { n: 3 });
    expect(id).toEqual(expect.any(String));
    expect(await enqueue(probe, { n: 4 })).toEqual(expect.any(String));

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        "SELECT (data->>'n')::int AS n FROM pgboss.job WHERE name = $1 ORDER BY 1",
        [probe.name],
      );
      expect(rows.map((row) => row.n)).toEqual([3, 4]);
    } finally {
      await client.end();
    }
  });
});
