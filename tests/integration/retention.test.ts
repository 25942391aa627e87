import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { enforceRetention } from "@/lib/events/retention";
import { useTestDatabase } from "../helpers/database";
import { insertSource, type SeedSource, seedEvents, seedFailures } from "../helpers/seed-events";

/**
 * Retention against a real PostgreSQL: each source keeps its own number of days of
 * events and classification failures, and nothing else is touched.
 */
const NOW = new Date("2026-03-01T12:00:00.000Z");
const MIN = 60_000;
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let weekly: SeedSource;
let monthly: SeedSource;
let backlog: SeedSource;

async function eventDescriptions(source: SeedSource): Promise<string[]> {
  const { rows } = await pool().query<{ description: string }>(
    "SELECT description FROM events WHERE source_id = $1 ORDER BY event_time DESC",
    [source.id],
  );
  return rows.map((row) => row.description);
}

async function failureReasons(source: SeedSource): Promise<string[]> {
  const { rows } = await pool().query<{ reason: string }>(
    "SELECT reason FROM classification_failures WHERE source_id = $1 ORDER BY created_at DESC",
    [source.id],
  );
  return rows.map((row) => row.reason);
}

/** Failures get their storage time set by hand: retention judges them by when they were stored. */
async function failureStoredAt(source: SeedSource, stored: { reason: string; at: Date }[]) {
  await seedFailures(
    pool(),
    source,
    stored.map((f) => ({ raw: "LOG_DELETED: not json", reason: f.reason })),
  );
  for (const f of stored)
    await pool().query("UPDATE classification_failures SET created_at = $1 WHERE source_id = $2 AND reason = $3", [
      f.at,
      source.id,
      f.reason,
    ]);
}

beforeAll(async () => {
  await useTestDatabase();
  weekly = await insertSource(pool(), { name: "Weekly", retentionDays: 7 });
  monthly = await insertSource(pool(), { name: "Monthly", retentionDays: 30 });
  backlog = await insertSource(pool(), { name: "Backlog", retentionDays: 1 });
  const at = (time: Date, description: string) => ({ time, description });
  await seedEvents(pool(), weekly, [
    at(ago(1 * DAY), "w 1d"),
    at(ago(7 * DAY - MIN), "w 7d-1m"),
    at(ago(7 * DAY), "w exactly 7d"),
    at(ago(7 * DAY + 1), "w 7d+1ms"),
    at(ago(10 * DAY), "w 10d"),
    at(ago(40 * DAY), "w 40d"),
  ]);
  await seedEvents(pool(), monthly, [
    at(ago(1 * DAY), "m 1d"),
    at(ago(8 * DAY), "m 8d"),
    at(ago(29 * DAY), "m 29d"),
    at(ago(31 * DAY), "m 31d"),
    at(ago(90 * DAY), "m 90d"),
  ]);
  await seedEvents(pool(), backlog, [
    at(ago(60 * MIN), "b recent"),
    ...Array.from({ length: 25 }, (_, i) => at(ago(2 * DAY + i * MIN), `b old ${i}`)),
  ]);
  await failureStoredAt(weekly, [
    { reason: "w stored 2d ago", at: ago(2 * DAY) },
    { reason: "w stored 8d ago", at: ago(8 * DAY) },
  ]);
  await failureStoredAt(monthly, [
    { reason: "m stored 8d ago", at: ago(8 * DAY) },
    { reason: "m stored 31d ago", at: ago(31 * DAY) },
  ]);
});

describe("enforcing retention", () => {
  it("deletes only what is older than each source's own retention, in batches, and reports counts per source", async () => {
    const results = await enforceRetention(NOW, { batchSize: 2 });
    expect(
      results.map((r) => ({
        name: r.sourceName,
        days: r.retentionDays,
        events: r.eventsDeleted,
        failures: r.failuresDeleted,
        cutoff: r.cutoff,
      })),
    ).toEqual([
      { name: "Backlog", days: 1, events: 25, failures: 0, cutoff: ago(1 * DAY) },
      { name: "Monthly", days: 30, events: 2, failures: 1, cutoff: ago(30 * DAY) },
      { name: "Weekly", days: 7, events: 3, failures: 1, cutoff: ago(7 * DAY) },
    ]);
    expect(await eventDescriptions(weekly)).toEqual(["w 1d", "w 7d-1m", "w exactly 7d"]);
    expect(await eventDescriptions(monthly)).toEqual(["m 1d", "m 8d", "m 29d"]);
    expect(await eventDescriptions(backlog)).toEqual(["b recent"]);
    expect(await failureReasons(weekly)).toEqual(["w stored 2d ago"]);
    expect(await failureReasons(monthly)).toEqual(["m stored 8d ago"]);
  });

  it("finds nothing more to delete on the next run, and keeps the rest of the database as it was", async () => {
    const sourcesBefore = (await pool().query("SELECT id, name, retention_days FROM log_sources ORDER BY name")).rows;
    const results = await enforceRetention(NOW);
    expect(results.every((r) => r.eventsDeleted === 0 && r.failuresDeleted === 0)).toBe(true);
    expect(results).toHaveLength(3);
    expect((await pool().query("SELECT id, name, retention_days FROM log_sources ORDER BY name")).rows).toEqual(
      sourcesBefore,
    );
    expect((await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM source_states")).rows[0]?.n).toBe(3);
  });

  it("follows a changed retention on the next run", async () => {
    await pool().query("UPDATE log_sources SET retention_days = 5 WHERE id = $1", [monthly.id]);
    const results = await enforceRetention(NOW);
    expect(results.find((r) => r.sourceId === monthly.id)).toMatchObject({ eventsDeleted: 2, failuresDeleted: 1 });
    expect(await eventDescriptions(monthly)).toEqual(["m 1d"]);
    expect(await failureReasons(monthly)).toEqual([]);
    expect(await eventDescriptions(weekly)).toEqual(["w 1d", "w 7d-1m", "w exactly 7d"]);
  });

  it("stops between sources when the worker is stopping", async () => {
    await seedEvents(pool(), backlog, [{ time: ago(3 * DAY), description: "b late arrival" }]);
    const controller = new AbortController();
    controller.abort();
    expect(await enforceRetention(NOW, { signal: controller.signal })).toEqual([]);
    expect(await eventDescriptions(backlog)).toEqual(["b recent", "b late arrival"]);
  });
});
