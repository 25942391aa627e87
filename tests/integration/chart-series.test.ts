import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { searchVolume, type VolumeHistogram } from "@/lib/events/histogram";
import { parseSearchParams } from "@/lib/events/search";
import { encodeCursor } from "@/lib/events/schemas";
import { activitySeries } from "@/lib/sources/activity";
import { healthTimeline } from "@/lib/sources/health/history";
import { useTestDatabase } from "../helpers/database";
import { insertSource, seedEvents } from "../helpers/seed-events";

/** The data behind the console's charts, on a real database: buckets, clocks, filters and health spans. */
const HOUR = 3_600_000;

beforeAll(async () => {
  await useTestDatabase();
});

function nonZero(buckets: { startMs: number; events: number }[]) {
  return buckets.filter((bucket) => bucket.events > 0);
}

describe("a source's activity series", () => {
  it("spreads a backfill over its own hours by event time, and shows it as one spike by stored time", async () => {
    const source = await insertSource(pool());
    const now = new Date();
    // Five events from 2, 4, 6, 8 and 10 hours ago, all stored just now.
    await seedEvents(
      pool(),
      source,
      [2, 4, 6, 8, 10].map((hours) => ({ time: new Date(now.getTime() - hours * HOUR) })),
    );

    const byEvent = await activitySeries(source.id, "24h", "event", now);
    expect(byEvent.bucketMs).toBe(HOUR);
    expect(byEvent.buckets).toHaveLength(24);
    expect(nonZero(byEvent.buckets).map((bucket) => bucket.events)).toEqual([1, 1, 1, 1, 1]);
    const newest = byEvent.buckets.at(-1)!;
    expect(newest.startMs).toBe(Math.floor(now.getTime() / HOUR) * HOUR);

    const byStored = await activitySeries(source.id, "24h", "stored", new Date());
    expect(nonZero(byStored.buckets)).toHaveLength(1);
    expect(nonZero(byStored.buckets)[0]!.events).toBe(5);
  });

  it("buckets a week in 6-hour slices and a month in days, aligned to UTC, counting only this source", async () => {
    const source = await insertSource(pool());
    const other = await insertSource(pool());
    const now = new Date("2026-12-06T15:30:00Z");
    await seedEvents(pool(), source, [
      { time: new Date("2026-12-06T13:00:00Z") },
      { time: new Date("2026-12-06T12:00:00Z") },
      { time: new Date("2026-12-05T01:00:00Z") },
      { time: new Date("2026-11-01T01:00:00Z") },
    ]);
    await seedEvents(pool(), other, [{ time: new Date("2026-12-06T13:00:00Z") }]);

    const week = await activitySeries(source.id, "7d", "event", now);
    expect(week.buckets).toHaveLength(28);
    expect(week.buckets.at(-1)).toEqual({ startMs: Date.parse("2026-12-06T12:00:00Z"), events: 2 });
    expect(nonZero(week.buckets)).toEqual([
      { startMs: Date.parse("2026-12-05T00:00:00Z"), events: 1 },
      { startMs: Date.parse("2026-12-06T12:00:00Z"), events: 2 },
    ]);

    const month = await activitySeries(source.id, "30d", "event", now);
    expect(month.buckets).toHaveLength(30);
    expect(month.buckets[0]!.startMs).toBe(Date.parse("2026-11-07T00:00:00Z"));
    expect(nonZero(month.buckets).map((bucket) => bucket.events)).toEqual([1, 2]);
  });
});

describe("the Search volume histogram", () => {
  function counted(histogram: VolumeHistogram) {
    if (histogram.status !== "counted") throw new Error("expected counts");
    return histogram;
  }

  it("counts what the search's own filters match, per bucket of its range, whatever page is open", async () => {
    const source = await insertSource(pool());
    const other = await insertSource(pool());
    await seedEvents(pool(), source, [
      { time: new Date("2026-03-01T10:05:00Z"), action: "LOGIN", email: "ana@example.com" },
      { time: new Date("2026-03-01T10:50:00Z"), action: "LOGIN", email: "bo@example.com" },
      { time: new Date("2026-03-01T13:20:00Z"), action: "LOG_UPDATED", description: "Log renamed to prod" },
      { time: new Date("2026-03-01T20:00:00Z"), action: "LOGIN" }, // after the range
    ]);
    await seedEvents(pool(), other, [{ time: new Date("2026-03-01T11:00:00Z"), action: "LOGIN" }]);
    const range = { range: "custom", from: "2026-03-01 10:00", to: "2026-03-01 15:59:59" };
    const now = new Date("2026-03-02T00:00:00Z");

    const mine = counted(await searchVolume(parseSearchParams({ ...range, source: source.id }), now));
    expect(mine.bucketMs).toBe(10 * 60_000); // six hours in at most 60 buckets
    expect(mine.buckets).toHaveLength(36);
    expect(mine.buckets[0]!.startMs).toBe(Date.parse("2026-03-01T10:00:00Z"));
    expect(nonZero(mine.buckets)).toEqual([
      { startMs: Date.parse("2026-03-01T10:00:00Z"), events: 1 },
      { startMs: Date.parse("2026-03-01T10:50:00Z"), events: 1 },
      { startMs: Date.parse("2026-03-01T13:20:00Z"), events: 1 },
    ]);

    const logins = counted(
      await searchVolume(parseSearchParams({ ...range, source: [source.id, other.id], action: "LOGIN" }), now),
    );
    expect(nonZero(logins.buckets).map((bucket) => bucket.events)).toEqual([1, 1, 1]);

    const person = counted(await searchVolume(parseSearchParams({ ...range, person: "Bo@example.com" }), now));
    expect(nonZero(person.buckets)).toEqual([{ startMs: Date.parse("2026-03-01T10:50:00Z"), events: 1 }]);

    const text = counted(await searchVolume(parseSearchParams({ ...range, text: "renamed" }), now));
    expect(nonZero(text.buckets)).toEqual([{ startMs: Date.parse("2026-03-01T13:20:00Z"), events: 1 }]);

    const cursor = encodeCursor({ timeMs: Date.parse("2026-03-01T10:30:00Z"), id: "1" });
    const deeper = counted(await searchVolume(parseSearchParams({ ...range, source: source.id, cursor }), now));
    expect(deeper.buckets).toEqual(mine.buckets);
  });

  it("covers a preset range up to now", async () => {
    const now = new Date("2026-03-01T12:34:00Z");
    const hour = counted(await searchVolume(parseSearchParams({ range: "1h" }), now));
    expect(hour.bucketMs).toBe(60_000);
    expect(hour.fromMs).toBe(now.getTime() - HOUR);
    expect(hour.toMs).toBe(now.getTime());
    expect(hour.buckets.at(-1)!.startMs).toBe(now.getTime());
  });
});

describe("a source's health timeline", () => {
  it("starts with the state the source was already in and ends with the current one", async () => {
    const source = await insertSource(pool());
    const now = new Date("2026-12-06T12:00:00Z");
    for (const [at, status, reason] of [
      ["2026-12-04T12:00:00Z", "pending", null],
      ["2026-12-05T06:00:00Z", "healthy", null],
      ["2026-12-06T07:00:00Z", "unhealthy", "key_rejected"],
      ["2026-12-06T10:00:00Z", "healthy", null],
      ["2026-12-06T13:00:00Z", "paused", null], // after `now`
    ] as const)
      await pool().query("INSERT INTO source_health_changes (source_id, at, status, reason) VALUES ($1, $2, $3, $4)", [
        source.id,
        new Date(at),
        status,
        reason,
      ]);

    expect(await healthTimeline(source.id, 24 * HOUR, now)).toEqual([
      {
        status: "healthy",
        reason: null,
        fromMs: Date.parse("2026-12-05T12:00:00Z"),
        untilMs: Date.parse("2026-12-06T07:00:00Z"),
        current: false,
      },
      {
        status: "unhealthy",
        reason: "key_rejected",
        fromMs: Date.parse("2026-12-06T07:00:00Z"),
        untilMs: Date.parse("2026-12-06T10:00:00Z"),
        current: false,
      },
      {
        status: "healthy",
        reason: null,
        fromMs: Date.parse("2026-12-06T10:00:00Z"),
        untilMs: now.getTime(),
        current: true,
      },
    ]);
    const week = await healthTimeline(source.id, 7 * 24 * HOUR, now);
    expect(week.map((span) => span.status)).toEqual(["pending", "healthy", "unhealthy", "healthy"]);
    expect(week[0]!.fromMs).toBe(Date.parse("2026-12-04T12:00:00Z"));
  });
});
