import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { type HealthState, healthHistory, recordHealthStates } from "@/lib/sources/health/history";
import { useTestDatabase } from "../helpers/database";
import { insertSource } from "../helpers/seed-events";

/**
 * Recording health changes on a real database. A read that changes nothing only reads:
 * it neither writes a row nor waits on the lock that serializes recording, which a
 * second connection holds here to prove it.
 */
let sourceA: string;
let sourceB: string;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));
const healthy: HealthState = { status: "healthy", reason: null };
const silent: HealthState = { status: "unhealthy", reason: "silent" };
/** Something per source, for the two sources here. */
const both = <Value>(forA: Value, forB: Value) =>
  new Map([
    [sourceA, forA],
    [sourceB, forB],
  ]);

beforeAll(async () => {
  await useTestDatabase();
  sourceA = (await insertSource(pool(), { name: "History A" })).id;
  sourceB = (await insertSource(pool(), { name: "History B" })).id;
});

async function holdingTheLock<T>(work: () => Promise<T>): Promise<T> {
  const holder = await pool().connect();
  try {
    await holder.query("BEGIN");
    await holder.query("SELECT pg_advisory_xact_lock(hashtextextended('intake:health-history', 0))");
    return await work();
  } finally {
    await holder.query("ROLLBACK");
    holder.release();
  }
}

describe("recording health states", () => {
  it("records a first state and each change, and says since when each source is in its state", async () => {
    const first = await recordHealthStates(both(healthy, healthy), at(0));
    expect(first).toEqual(both(at(0), at(0)));
    const changed = await recordHealthStates(both(silent, healthy), at(5));
    expect(changed).toEqual(both(at(5), at(0)));
    expect((await healthHistory(sourceA)).map((change) => change.status)).toEqual(["unhealthy", "healthy"]);
  });

  it("answers a read that changes nothing without writing or waiting on the lock", async () => {
    const since = await holdingTheLock(() => recordHealthStates(both(silent, healthy), at(9)));
    expect(since).toEqual(both(at(5), at(0)));
    expect(await healthHistory(sourceA)).toHaveLength(2);
    expect(await healthHistory(sourceB)).toHaveLength(1);
  });

  it("waits for the lock when a state changed, and records the change once it has it", async () => {
    let settled = false;
    // Wrapped, so the holder does not wait for the record it blocks before letting go.
    const { pending } = await holdingTheLock(async () => {
      const pending = recordHealthStates(both(healthy, healthy), at(12)).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);
      return { pending };
    });
    const since = await pending;
    expect(since).toEqual(both(at(12), at(0)));
    expect((await healthHistory(sourceA)).map((change) => change.status)).toEqual(["healthy", "unhealthy", "healthy"]);
  });

  it("records a reason that changed under the same status", async () => {
    const since = await recordHealthStates(new Map([[sourceA, { status: "healthy", reason: "throttled" }]]), at(20));
    expect(since.get(sourceA)).toEqual(at(20));
  });

  it("records nothing from a reader whose view is older than the last recorded change", async () => {
    // Recorded at minute 20: A healthy (throttled). A read computed at minute 15 that saw
    // A silent arrives late; A's history must not end with it.
    const late = await recordHealthStates(both(silent, healthy), at(15));
    expect(late.has(sourceA)).toBe(false);
    expect(late.get(sourceB)).toEqual(at(0));
    const history = await healthHistory(sourceA);
    expect(history[0]).toMatchObject({ status: "healthy", reason: "throttled", at: at(20) });
    expect(history).toHaveLength(4);
    // A view as new as the last change, or newer, is recorded as before.
    expect((await recordHealthStates(both(silent, healthy), at(21))).get(sourceA)).toEqual(at(21));
  });
});
