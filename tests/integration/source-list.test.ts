import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { sourceDashboard } from "@/lib/sources/dashboard";
import {
  columnSortHref,
  SORT_CHOICES,
  SOURCE_SORTS,
  sortToken,
  sourceListHref,
  sourceListParamsSchema,
} from "@/lib/sources/list-view";
import { useTestDatabase } from "../helpers/database";
import { insertSource, seedEvents } from "../helpers/seed-events";

/**
 * The Log Sources dashboard's sort and filters on a real database: sources whose events
 * were written by the real batch writer at different times, so "last event received"
 * (the newest event's time) and "last processed" (when Intake last stored one) disagree,
 * as they do after a backfill.
 */
const HOUR = 3_600_000;

const names = async (query: Record<string, string>) => (await sourceDashboard(query)).rows.map((row) => row.name);

beforeAll(async () => {
  await useTestDatabase();
  const now = Date.now();
  const ago = (hours: number, minutes = 0) => new Date(now - hours * HOUR - minutes * 60_000);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 25));

  const alpha = await insertSource(pool(), { name: "List Alpha" });
  const bravo = await insertSource(pool(), { name: "List Bravo" });
  const charlie = await insertSource(pool(), { name: "List Charlie" });
  await insertSource(pool(), { name: "List Delta" }); // never stores anything
  // Processed in this order: alpha first, then charlie, then bravo (a backfill of old events).
  await seedEvents(pool(), alpha, [{ time: ago(3) }, { time: ago(3, 5) }, { time: ago(3, 10) }]);
  await pause();
  await seedEvents(pool(), charlie, [{ time: ago(1) }, { time: ago(1, 5) }]);
  await pause();
  await seedEvents(pool(), bravo, [{ time: ago(5) }]);
});

describe("sorting the Log Sources list", () => {
  it("sorts by last processed, newest first by default and oldest first reversed, never-processed counting as oldest", async () => {
    expect(await names({ sort: "last_processed" })).toEqual(["List Bravo", "List Charlie", "List Alpha", "List Delta"]);
    expect(await names({ sort: "last_processed", dir: "desc" })).toEqual([
      "List Bravo",
      "List Charlie",
      "List Alpha",
      "List Delta",
    ]);
    expect(await names({ sort: "last_processed", dir: "asc" })).toEqual([
      "List Delta",
      "List Alpha",
      "List Charlie",
      "List Bravo",
    ]);
  });

  it("sorts by last event received independently of when it was processed", async () => {
    expect(await names({ sort: "last_event" })).toEqual(["List Charlie", "List Alpha", "List Bravo", "List Delta"]);
    expect(await names({ sort: "last_event", dir: "asc" })).toEqual([
      "List Delta",
      "List Bravo",
      "List Alpha",
      "List Charlie",
    ]);
  });

  it("reverses every other column too, ties going by name", async () => {
    expect(await names({})).toEqual(["List Alpha", "List Bravo", "List Charlie", "List Delta"]);
    expect(await names({ dir: "desc" })).toEqual(["List Delta", "List Charlie", "List Bravo", "List Alpha"]);
    expect(await names({ sort: "events_24h" })).toEqual(["List Alpha", "List Charlie", "List Bravo", "List Delta"]);
    expect(await names({ sort: "events_24h", dir: "asc" })).toEqual([
      "List Delta",
      "List Bravo",
      "List Charlie",
      "List Alpha",
    ]);
    // Every seeded source is paused: one health, so both directions fall back to the name.
    expect(await names({ sort: "health" })).toEqual(["List Alpha", "List Bravo", "List Charlie", "List Delta"]);
    expect(await names({ sort: "health", dir: "desc" })).toEqual([
      "List Alpha",
      "List Bravo",
      "List Charlie",
      "List Delta",
    ]);
  });

  it("reads the last processed time and counts the rows show from what was stored", async () => {
    const { rows, total } = await sourceDashboard({ sort: "last_processed" });
    expect(total).toBe(4);
    const [bravo, charlie, alpha, delta] = rows;
    expect(bravo!.lastEventStoredAt!.getTime()).toBeGreaterThan(charlie!.lastEventStoredAt!.getTime());
    expect(charlie!.lastEventStoredAt!.getTime()).toBeGreaterThan(alpha!.lastEventStoredAt!.getTime());
    expect(delta).toMatchObject({ lastEventStoredAt: null, lastEventReceivedAt: null, events24h: 0 });
    expect([alpha!.events24h, bravo!.events24h, charlie!.events24h]).toEqual([3, 1, 2]);
  });

  it("keeps filters with the sort, and falls back to defaults for values it does not know", async () => {
    expect(await names({ q: "a", sort: "last_processed", dir: "asc" })).toEqual([
      "List Delta",
      "List Alpha",
      "List Charlie",
      "List Bravo",
    ]);
    expect(await names({ q: "charlie", sort: "last_processed", dir: "asc" })).toEqual(["List Charlie"]);
    expect(await names({ health: "healthy", sort: "last_processed" })).toEqual([]);
    expect(await names({ sort: "sideways", dir: "upwards" })).toEqual([
      "List Alpha",
      "List Bravo",
      "List Charlie",
      "List Delta",
    ]);
    expect(sourceListParamsSchema.parse({ sort: "last_processed", dir: ["asc", "desc"] })).toMatchObject({
      sort: "last_processed",
      dir: "desc",
    });
  });
});

describe("links of the Log Sources list", () => {
  const params = (query: Record<string, string>) => sourceListParamsSchema.parse(query);

  it("puts sort and direction in the URL, leaving defaults out", () => {
    expect(sourceListHref(params({}))).toBe("/log-sources");
    expect(sourceListHref(params({ q: "prod", health: "unhealthy" }), { sort: "last_processed" })).toBe(
      "/log-sources?q=prod&health=unhealthy&sort=last_processed",
    );
    expect(sourceListHref(params({ sort: "last_processed" }), { dir: "asc" })).toBe(
      "/log-sources?sort=last_processed-asc",
    );
    // A newly chosen column starts in its own default order, not the previous column's.
    expect(sourceListHref(params({ sort: "last_processed", dir: "asc" }), { sort: "name" })).toBe("/log-sources");
  });

  it("column headers sort by their column, and flip the order of the current one", () => {
    expect(columnSortHref(params({}), "last_processed")).toBe("/log-sources?sort=last_processed");
    expect(columnSortHref(params({ sort: "last_processed" }), "last_processed")).toBe(
      "/log-sources?sort=last_processed-asc",
    );
    expect(columnSortHref(params({ sort: "last_processed", dir: "asc" }), "last_processed")).toBe(
      "/log-sources?sort=last_processed",
    );
    expect(columnSortHref(params({ q: "x" }), "name")).toBe("/log-sources?q=x&sort=name-desc");
  });

  it("reads the sort's direction from the sort itself, and still honours links that gave it apart", () => {
    expect(params({ sort: "last_processed-asc" })).toMatchObject({ sort: "last_processed", dir: "asc" });
    expect(params({ sort: "name-desc" })).toMatchObject({ sort: "name", dir: "desc" });
    expect(params({ sort: "events_24h" })).toMatchObject({ sort: "events_24h", dir: "desc" });
    // The direction in the sort wins over a leftover one.
    expect(params({ sort: "health-desc", dir: "asc" })).toMatchObject({ sort: "health", dir: "desc" });
    expect(params({ sort: "last_event", dir: "asc" })).toMatchObject({ sort: "last_event", dir: "asc" });
    expect(params({ sort: "name-sideways" })).toMatchObject({ sort: "name", dir: "asc" });
  });

  it("offers every column both ways in one sort control, each choice a canonical sort", () => {
    expect(SORT_CHOICES).toHaveLength(SOURCE_SORTS.length * 2);
    for (const choice of SORT_CHOICES) {
      const parsed = params({ sort: choice.token });
      expect(sortToken(parsed.sort, parsed.dir)).toBe(choice.token);
    }
    expect(SORT_CHOICES[0]).toEqual({ token: "name", label: "Name, A to Z" });
    expect(SORT_CHOICES.find((choice) => choice.token === "last_event")?.label).toBe(
      "Last event received, newest first",
    );
  });
});
