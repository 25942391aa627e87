import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { freePort } from "../helpers/free-port";

const root = mkdtempSync(path.join(tmpdir(), "intake-embedded-"));
chmodSync(root, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0];
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("keeps data across a stop and a start, and is reused by a second process while running", async () => {
    const options = { dataDir: path.join(root, "pg"), port: await freePort(), password: "pw-for-this-test-only", database: "intake" };
    const first = await startEmbeddedPostgres(options);
    expect(first.owned).toBe(true);
    await scalar(first.url, "CREATE TABLE kept (value text)");
    await scalar(first.url, "INSERT INTO kept VALUES ('still here')");

    const second = await startEmbeddedPostgres(options);
    expect(second.owned).toBe(false);
    expect(await scalar(second.url, "SELECT value FROM kept")).toEqual({ value: "still here" });
    await second.stop(); // not the owner: must leave the server running
    expect(await scalar(first.url, "SELECT 1 AS up")).toEqual({ up: 1 });

    await first.stop();
    await expect(scalar(first.url, "SELECT 1")).rejects.toThrow();

    const restarted = await startEmbeddedPostgres(options);
    expect(await scalar(restarted.url, "SELECT value FROM kept")).toEqual({ value: "still here" });
    await restarted.stop();
  });

  it("adopts a server whose starter died, and stops it when asked", async () => {
    const options = { dataDir: path.join(root, "orphan"), port: await freePort(), password: "pw-for-this-test-only", database: "intake" };
    await startEmbeddedPostgres(options); // "crashes": never stopped
    const adopted = await startEmbeddedPostgres({ ...options, adoptOrphan: true });
    expect(adopted.owned).toBe(true);
    await adopted.stop();
    await expect(scalar(adopted.url, "SELECT 1")).rejects.toThrow();
  });

  it("explains a port that is already taken", async () => {
    const holder = await startEmbeddedPostgres({ dataDir: path.join(root, "a"), port: await freePort(), password: "pw-for-this-test-only", database: "intake" });
    const port = Number(new URL(holder.url).port);
    await expect(startEmbeddedPostgres({ dataDir: path.join(root, "b"), port, password: "pw-for-this-test-only", database: "intake" })).rejects.toThrow(
      /did not start on port \d+.*INTAKE_EMBEDDED_PG_PORT/,
    );
    await holder.stop();
  });
});
