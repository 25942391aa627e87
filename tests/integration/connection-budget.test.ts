import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { type HeldConnection, holdPullConnection, holdSpareConnection } from "@/lib/sources/pull/connection-budget";
import { useTestDatabase } from "../helpers/database";

/**
 * The pull connection budget (lib/sources/pull/connection-budget.ts) against a real pool:
 * a backfill's spare writer connection is only ever taken while another pull could still
 * start, so writing faster never makes another source wait.
 */
const held: HeldConnection[] = [];
beforeAll(async () => {
  await useTestDatabase();
});
afterEach(() => {
  for (const connection of held.splice(0)) connection.release();
});

describe("pull connection budget", () => {
  it("lends a spare connection only while another pull could still start", async () => {
    const budget = env().INTAKE_WORKER_CONCURRENCY;
    expect(budget).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < budget - 1; i++) held.push(await holdPullConnection());

    // One permit left: it stays for a pull.
    expect(await holdSpareConnection()).toBeNull();

    held.pop()!.release();
    const spare = await holdSpareConnection();
    expect(spare).not.toBeNull();
    held.push(spare!);
    const { rows } = await spare!.client.query<{ one: number }>("SELECT 1 AS one");
    expect(rows[0]!.one).toBe(1);

    // The last permit still starts a pull at once.
    const pull = await Promise.race([
      holdPullConnection(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
    ]);
    expect(pull).not.toBeNull();
    held.push(pull!);
    expect(await holdSpareConnection()).toBeNull();
  });

  it("gives a spare's permit back when it is released", async () => {
    const budget = env().INTAKE_WORKER_CONCURRENCY;
    for (let i = 0; i < budget - 2; i++) held.push(await holdPullConnection());
    const spare = await holdSpareConnection();
    expect(spare).not.toBeNull();
    expect(await holdSpareConnection()).toBeNull();
    spare!.release();
    const again = await holdSpareConnection();
    expect(again).not.toBeNull();
    held.push(again!);
  });
});
