import type { Page } from "@playwright/test";
import pg from "pg";
import { insertSource, seedEvents } from "../helpers/seed-events";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * The Log Sources list's sort in real Chromium: three sources seeded straight into the
 * console's database, processed in an order different from their events' times. Every
 * URL here filters on this run's names, so sources other specs create cannot show up.
 */
const run = Math.random().toString(36).slice(2, 6);
const name = (letter: string) => `Sorted ${letter} ${run}`;
const HOUR = 3_600_000;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    const now = Date.now();
    const a = await insertSource(pool, { name: name("A") });
    const b = await insertSource(pool, { name: name("B") });
    const c = await insertSource(pool, { name: name("C") });
    // Processed A, then C, then B; newest event C (1 h ago), then A (3 h), then B (5 h).
    await seedEvents(pool, a, [{ time: new Date(now - 3 * HOUR) }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await seedEvents(pool, c, [{ time: new Date(now - HOUR) }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await seedEvents(pool, b, [{ time: new Date(now - 5 * HOUR) }]);
  } finally {
    await pool.end();
  }
});

async function shownNames(page: Page): Promise<string[]> {
  return page.locator('tbody tr[data-testid^="source-row-"] td:first-child a').allTextContents();
}

test("sorts by last processed, reverses from the column header and the form, and keeps it all in the URL", async ({
  page,
}) => {
  await signInAsAdmin(page);
  await page.goto(`/log-sources?q=${run}`);
  await expect(page.getByRole("heading", { name: "Log Sources" })).toBeVisible();
  await expect.poll(() => shownNames(page)).toEqual([name("A"), name("B"), name("C")]);

  // The header sorts by its column, newest first.
  await page.getByRole("link", { name: "Sort by last processed" }).click();
  await expect(page).toHaveURL(new RegExp(`\\?q=${run}&sort=last_processed$`));
  await expect.poll(() => shownNames(page)).toEqual([name("B"), name("C"), name("A")]);
  await expect(page.getByRole("columnheader", { name: /Last processed/ })).toHaveAttribute("aria-sort", "descending");

  // Clicking it again reverses the order.
  await page.getByRole("link", { name: /Last processed, sorted descending/ }).click();
  await expect(page).toHaveURL(/sort=last_processed-asc$/);
  await expect.poll(() => shownNames(page)).toEqual([name("A"), name("C"), name("B")]);
  await expect(page.getByRole("columnheader", { name: /Last processed/ })).toHaveAttribute("aria-sort", "ascending");

  // A reload (or a shared link) shows the same.
  await page.reload();
  await expect.poll(() => shownNames(page)).toEqual([name("A"), name("C"), name("B")]);
  await expect(page.getByLabel("Sort", { exact: true })).toHaveValue("last_processed-asc");

  // The one sort control does the same, applied as soon as it is chosen: last event received, oldest first.
  await page.getByLabel("Sort", { exact: true }).selectOption({ label: "Last event received, oldest first" });
  await expect(page).toHaveURL(/sort=last_event-asc$/);
  await expect.poll(() => shownNames(page)).toEqual([name("B"), name("A"), name("C")]);
  await page.getByLabel("Sort", { exact: true }).selectOption({ label: "Last event received, newest first" });
  await expect(page).toHaveURL(/sort=last_event$/);
  await expect.poll(() => shownNames(page)).toEqual([name("C"), name("A"), name("B")]);
  await expect(page.getByRole("columnheader", { name: /Last event received/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  await page.screenshot({ path: test.info().outputPath("log-sources-sorted.png"), fullPage: true });
});

test.describe("a fleet larger than a page", () => {
  const fleet = `Paged ${run}`;
  const fleetName = (index: number) => `${fleet} ${String(index).padStart(2, "0")}`;

  test.beforeAll(async () => {
    const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
    try {
      for (let index = 1; index <= 55; index += 1) await insertSource(pool, { name: fleetName(index) });
    } finally {
      await pool.end();
    }
  });

  // Specs run one at a time on one console: the other specs' unfiltered lists are left as they were.
  test.afterAll(async () => {
    const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
    try {
      await pool.query("DELETE FROM log_sources WHERE name LIKE $1", [`${fleet} %`]);
    } finally {
      await pool.end();
    }
  });

  test("shows fifty sources a page, pages with the filters and sort kept, and starts a new sort at the first page", async ({
    page,
  }) => {
    await signInAsAdmin(page);
    await page.goto(`/log-sources?q=${encodeURIComponent(fleet)}`);
    const summary = page.getByTestId("source-list-summary");
    await expect(summary).toHaveText("1–50 of 55 matching sources, page 1 of 2");
    await expect.poll(() => shownNames(page)).toEqual(Array.from({ length: 50 }, (_, i) => fleetName(i + 1)));
    const pages = page.getByRole("navigation", { name: "Source pages" });
    await expect(pages.getByRole("link", { name: "Previous" })).toHaveAttribute("aria-disabled", "true");

    // Followed from the keyboard, the link keeps the focus on the page it leads to.
    await pages.getByRole("link", { name: "Next" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/[?&]page=2$/);
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(fleet).replaceAll("%20", "(\\+|%20)")}`));
    await expect(summary).toHaveText("51–55 of 55 matching sources, page 2 of 2");
    await expect.poll(() => shownNames(page)).toEqual([51, 52, 53, 54, 55].map(fleetName));
    await expect(pages.getByRole("link", { name: "Next" })).toHaveAttribute("aria-disabled", "true");
    await expect(pages.getByRole("link", { name: "Next" })).toBeFocused();
    await expect(pages.getByRole("link", { name: "Last" })).toHaveAttribute("aria-disabled", "true");

    // Reversing the names from their header starts again at the first page, newest names first.
    await page.getByRole("link", { name: /^Name, sorted ascending/ }).click();
    await expect(page).not.toHaveURL(/page=/);
    await expect(page).toHaveURL(/sort=name-desc/);
    await expect(summary).toHaveText("1–50 of 55 matching sources, page 1 of 2");
    await expect.poll(async () => (await shownNames(page))[0]).toBe(fleetName(55));

    // A page past the last (a link kept while sources were removed) shows the last page.
    await page.goto(`/log-sources?q=${encodeURIComponent(fleet)}&page=40`);
    await expect(summary).toHaveText("51–55 of 55 matching sources, page 2 of 2");
    await page.screenshot({ path: test.info().outputPath("log-sources-paged.png"), fullPage: true });
  });
});
