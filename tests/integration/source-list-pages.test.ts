import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { sourceDashboard } from "@/lib/sources/dashboard";
import {
  columnSortHref,
  pageOf,
  SOURCE_PAGE_SIZE,
  sourceListHref,
  sourceListParamsSchema,
} from "@/lib/sources/list-view";
import { useTestDatabase } from "../helpers/database";
import { insertSource, seedEvents } from "../helpers/seed-events";

/**
 * The Log Sources list a page at a time, on a real database holding more sources than a
 * page: filters and sort span every source, the page only picks which of them are shown.
 */
const FLEET = 2 * SOURCE_PAGE_SIZE + 7;
const fleetName = (index: number) => `Fleet ${String(index).padStart(3, "0")}`;

beforeAll(async () => {
  await useTestDatabase();
  for (let index = 1; index <= FLEET; index += 1) {
    const source = await insertSource(pool(), { name: fleetName(index) });
    // The last source by name is the busiest: on the last page by name, the first by volume.
    if (index === FLEET)
      await seedEvents(pool(), source, [{ time: new Date(Date.now() - 3_600_000) }, { time: new Date() }]);
  }
  await insertSource(pool(), { name: "Odd one out" });
});

const namesOf = (rows: { name: string }[]) => rows.map((row) => row.name);

describe("paging the Log Sources list", () => {
  it("shows the first page by default and counts every source", async () => {
    const list = await sourceDashboard({});
    expect(list.total).toBe(FLEET + 1);
    expect(list).toMatchObject({ page: 1, pageCount: 3, first: 1, last: SOURCE_PAGE_SIZE, matching: FLEET + 1 });
    expect(namesOf(list.rows)).toEqual(Array.from({ length: SOURCE_PAGE_SIZE }, (_, i) => fleetName(i + 1)));
  });

  it("pages through the sorted list without repeating or skipping a source", async () => {
    const pages = await Promise.all(
      [1, 2, 3].map((page) => sourceDashboard({ sort: "name-desc", page: String(page) })),
    );
    const all = pages.flatMap((list) => namesOf(list.rows));
    expect(all).toHaveLength(FLEET + 1);
    expect(new Set(all).size).toBe(FLEET + 1);
    expect(all[0]).toBe("Odd one out");
    expect(pages[2]).toMatchObject({ page: 3, first: 2 * SOURCE_PAGE_SIZE + 1, last: FLEET + 1 });
    expect(pages[2]!.rows).toHaveLength(FLEET + 1 - 2 * SOURCE_PAGE_SIZE);
  });

  it("pages what the filters leave, and shows the last page for a page past it", async () => {
    const filtered = await sourceDashboard({ q: "fleet 1", page: "1" });
    // Fleet 100 to Fleet 107 are the names with "fleet 1" in them.
    expect(filtered).toMatchObject({ matching: 8, pageCount: 1, first: 1, last: 8 });
    const past = await sourceDashboard({ page: "9" });
    expect(past).toMatchObject({ page: 3, first: 101 });
    const none = await sourceDashboard({ q: "no such source", page: "2" });
    expect(none).toMatchObject({ page: 1, pageCount: 1, matching: 0, first: 0, last: 0, rows: [] });
  });

  it("sorts by volume and filters by health across every source, not just a page of them", async () => {
    const byVolume = await sourceDashboard({ sort: "events_24h" });
    expect(byVolume.rows[0]).toMatchObject({ name: fleetName(FLEET), events24h: 2 });
    expect(byVolume.rows[0]!.activity.filter((count) => count > 0).length).toBeGreaterThan(0);
    expect(byVolume.rows[1]).toMatchObject({ name: fleetName(1), events24h: 0 });

    const paused = await sourceDashboard({ health: "paused", page: "3" });
    expect(paused).toMatchObject({ matching: FLEET + 1, page: 3, first: 101 });
    expect(paused.rows.every((row) => row.health.status === "paused")).toBe(true);
    expect(await sourceDashboard({ health: "healthy" })).toMatchObject({ matching: 0, rows: [] });
  });

  it("gives each row on the page its health, activity and completeness", async () => {
    const last = await sourceDashboard({ page: "3" });
    const busiest = last.rows.find((row) => row.name === fleetName(FLEET))!;
    expect(busiest).toMatchObject({ events24h: 2, health: { status: "paused" } });
    expect(busiest.lastEventStoredAt).not.toBeNull();
    expect(busiest.completeness.totals).toBeDefined();
    expect(last.rows.map((row) => row.name)).toEqual([
      ...Array.from({ length: FLEET - 2 * SOURCE_PAGE_SIZE }, (_, i) => fleetName(2 * SOURCE_PAGE_SIZE + i + 1)),
      "Odd one out",
    ]);
  });

  it("reads any page value it cannot use as the first page", () => {
    for (const page of ["0", "-3", "1.5", "two", "", undefined, ["2", "3"]])
      expect(sourceListParamsSchema.parse({ page }).page).toBe(1);
    expect(sourceListParamsSchema.parse({ page: "4" }).page).toBe(4);
  });
});

describe("deleting sources while the list is read", () => {
  it("keeps a full first page and counts that agree with the rows, however deletions fall between its reads", async () => {
    // Sources that sort first by name, deleted one at a time while the list is read over
    // and over: a deletion landing between the read of every source's keys and the read
    // of the page's rows must not leave the page short of a row its counts promise.
    const doomed = [];
    for (let index = 0; index < 60; index += 1)
      doomed.push((await insertSource(pool(), { name: `Doomed ${String(index).padStart(2, "0")}` })).id);
    let deleting = true;
    const deleter = (async () => {
      for (const id of doomed) {
        await pool().query("UPDATE log_sources SET deleted_at = now() WHERE id = $1", [id]);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      deleting = false;
    })();
    const reads = [];
    while (deleting) {
      // By name (the page's rows read after every source's keys) and by health (every
      // source read up front), in turn.
      const list = await sourceDashboard(reads.length % 2 ? { health: "paused" } : {});
      reads.push(list);
      expect(list.rows).toHaveLength(SOURCE_PAGE_SIZE);
      expect(list).toMatchObject({ first: 1, last: SOURCE_PAGE_SIZE, matching: list.total });
    }
    await deleter;
    expect(reads.length).toBeGreaterThan(2);
    const after = await sourceDashboard({});
    expect(after).toMatchObject({ total: FLEET + 1, matching: FLEET + 1 });
    expect(after.rows[0]!.name).toBe(fleetName(1));
  });
});

describe("links between pages", () => {
  const params = (query: Record<string, string>) => sourceListParamsSchema.parse(query);

  it("keeps filters and sort on a page link, and leaves the first page out of the URL", () => {
    expect(sourceListHref(params({ q: "prod", sort: "health" }), { page: 3 })).toBe(
      "/log-sources?q=prod&sort=health&page=3",
    );
    expect(sourceListHref(params({ q: "prod", page: "3" }), { page: 1 })).toBe("/log-sources?q=prod");
  });

  it("starts a new sort at the first page", () => {
    expect(columnSortHref(params({ page: "3" }), "health")).toBe("/log-sources?sort=health");
    expect(columnSortHref(params({ sort: "health", page: "3" }), "health")).toBe("/log-sources?sort=health-desc");
  });

  it("cuts any list into pages of the same size", () => {
    const rows = Array.from({ length: 2 * SOURCE_PAGE_SIZE + 1 }, (_, i) => i);
    expect(pageOf(rows, 2)).toMatchObject({ page: 2, first: SOURCE_PAGE_SIZE + 1, last: 2 * SOURCE_PAGE_SIZE });
    expect(pageOf(rows, 3).rows).toEqual([2 * SOURCE_PAGE_SIZE]);
    expect(pageOf([], 5)).toMatchObject({ page: 1, pageCount: 1, first: 0, last: 0 });
  });
});
