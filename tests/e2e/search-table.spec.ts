import type { Locator, Page } from "@playwright/test";
import pg from "pg";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";
import { expectHydrated } from "./support/csp";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * The Search results table in real Chromium, over events seeded into the console's
 * database: a full page of 50 rows (drawn through the virtualizer), resizable columns
 * that a browser remembers, a 1280 px console without sideways scrolling, "filter to
 * this value" buttons, keyboard navigation, and the export links under the filters.
 * Every search names its sources, so events other specs ingest cannot leak in.
 */
const MIN = 60_000;
const run = Math.random().toString(36).slice(2, 6);
const PRODUCT = "Insight Platform";
const PERSON = "alice.admin@example.com";

let main: SeedSource;
let other: SeedSource;

/** Exactly 60 characters, numbered so each row can be told apart. */
const description = (i: number) =>
  `Collector tulsa-dc-${String(i).padStart(2, "0")} activated by the onboarding wizard`.padEnd(60, ".");

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    const now = Date.now();
    // A source name of 24 characters, as people name them.
    main = await insertSource(pool, { name: `Rapid7 EU audit log ${run}` });
    other = await insertSource(pool, { name: `Table Other ${run}` });
    await seedEvents(
      pool,
      main,
      Array.from({ length: 50 }, (_, i) => ({
        time: new Date(now - (i + 1) * MIN),
        action: "ACTIVATE_COLLECTOR",
        product: i % 2 === 0 ? PRODUCT : "IDR",
        email: i % 2 === 0 ? PERSON : "bob.ops@example.com",
        description: description(i),
      })),
    );
    await seedEvents(pool, other, [
      { time: new Date(now - 30 * 1000), action: "LOG_CREATED", product: PRODUCT, email: PERSON },
    ]);
  } finally {
    await pool.end();
  }
});

const rowsTable = (page: Page) => page.getByRole("table", { name: "Events, newest first" });
const eventRows = (page: Page) => page.getByTestId("event-row");

async function openSearch(page: Page, query: string): Promise<void> {
  await page.goto(`/search?${query}`);
  await expect(eventRows(page).first()).toBeVisible();
  await expectHydrated(page, "search");
}

async function width(locator: Locator): Promise<number> {
  return Number(await locator.getAttribute("aria-valuenow"));
}

test.describe("search results table", () => {
  test("draws only the rows near the window, and says how many there are", async ({ page }) => {
    await signInAsAdmin(page);
    await openSearch(page, `source=${main.id}`);
    await expect(rowsTable(page)).toHaveAttribute("aria-rowcount", "51");
    await expect(eventRows(page).first()).toHaveAttribute("aria-rowindex", "2");
    await expect(eventRows(page).first()).toContainText(description(0));
    const drawn = await eventRows(page).count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(50);

    // At the bottom of the page the last rows are drawn and the first ones are gone.
    // Scrolled again until drawn: the page can still grow (the histogram) after the first scroll.
    await expect(async () => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expect(eventRows(page).last()).toHaveAttribute("aria-rowindex", "51", { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(eventRows(page).last()).toContainText(description(49));
    await expect(eventRows(page).filter({ hasText: description(0) })).toHaveCount(0);
    expect(await eventRows(page).count()).toBeLessThan(50);
  });

  test("columns resize by mouse and by keyboard, the browser keeps the widths, and they reset", async ({ page }) => {
    await signInAsAdmin(page);
    await page.evaluate(() => localStorage.clear());
    await openSearch(page, `source=${main.id}`);
    const product = page.getByRole("separator", { name: "Resize Product column" });
    const who = page.getByRole("separator", { name: "Resize Who column" });
    await expect(product).toHaveAttribute("aria-orientation", "vertical");
    const productStart = await width(product);
    const whoStart = await width(who);
    const productHeader = page.getByRole("columnheader", { name: "Product" });
    const headerStart = (await productHeader.boundingBox())!.width;

    const handle = (await product.boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 30, handle.y + handle.height / 2, { steps: 3 });
    await page.mouse.move(handle.x + handle.width / 2 + 60, handle.y + handle.height / 2, { steps: 3 });
    await page.mouse.up();
    await expect.poll(() => width(product)).toBe(productStart + 60);
    expect(Math.round((await productHeader.boundingBox())!.width)).toBe(Math.round(headerStart + 60));

    await who.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowRight");
    await expect(who).toHaveAttribute("aria-valuenow", String(whoStart + 32));

    await page.reload();
    await expectHydrated(page, "search after reload");
    await expect(product).toHaveAttribute("aria-valuenow", String(productStart + 60));
    await expect(who).toHaveAttribute("aria-valuenow", String(whoStart + 32));

    await page.getByRole("button", { name: "Reset column widths" }).click();
    await expect(product).toHaveAttribute("aria-valuenow", String(productStart));
    await expect(who).toHaveAttribute("aria-valuenow", String(whoStart));
    await page.reload();
    await expectHydrated(page, "search after reset");
    await expect(product).toHaveAttribute("aria-valuenow", String(productStart));
  });

  test("fits a 1280 px window without scrolling sideways, with typical values in full", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAsAdmin(page);
    await page.evaluate(() => localStorage.clear());
    await openSearch(page, `source=${main.id}`);
    const frame = rowsTable(page).locator("xpath=..");
    expect(await frame.evaluate((node) => node.scrollWidth <= node.clientWidth)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const row = eventRows(page).first();
    const cells = row.locator("td");
    await expect(cells.nth(3)).toHaveText(PRODUCT);
    await expect(cells.nth(4)).toHaveText(PERSON);
    await expect(cells.nth(5)).toHaveText(description(0));
    await expect(cells.nth(6)).toHaveText(main.name);
    // Nothing in the row is cut off: no ellipsis, no clipped cell, no line clamp hiding the description's end.
    const cut = await row.evaluate((node) =>
      [node, ...node.querySelectorAll("*")]
        .filter(
          (element) =>
            getComputedStyle(element).textOverflow === "ellipsis" ||
            element.scrollWidth > element.clientWidth + 1 ||
            element.scrollHeight > element.clientHeight + 1,
        )
        .map((element) => element.outerHTML.slice(0, 120)),
    );
    expect(cut).toEqual([]);
    // The product and the email read on one line each.
    for (const index of [3, 4]) {
      expect(
        await cells
          .nth(index)
          .locator("bdi")
          .evaluate((node) => node.getClientRects().length),
      ).toBe(1);
    }
  });

  test("a value filters the search to it; a source replaces the chosen sources; the drawer stays shut", async ({
    page,
  }) => {
    await signInAsAdmin(page);
    await openSearch(page, `source=${main.id}&source=${other.id}`);
    const row = eventRows(page).filter({ hasText: description(0) });
    await row.hover();
    await row.getByRole("button", { name: `Filter by product ${PRODUCT}` }).click();
    await expect(page).toHaveURL(/product=Insight\+Platform/);
    expect(new URL(page.url()).searchParams.getAll("source").sort()).toEqual([main.id, other.id].sort());
    // Half the main source's events and the other source's one have the product.
    await expect(rowsTable(page)).toHaveAttribute("aria-rowcount", "27");
    expect(new Set(await eventRows(page).locator("td:nth-child(4)").allTextContents())).toEqual(new Set([PRODUCT]));
    await expect(page.getByRole("dialog")).toHaveCount(0);
    expect(page.url()).not.toContain("event=");

    const filtered = eventRows(page).filter({ hasText: description(0) });
    await filtered.hover();
    await filtered.getByRole("button", { name: `Filter by who ${PERSON}` }).click();
    await expect(page).toHaveURL(/person=alice\.admin%40example\.com/);
    await expect(page).toHaveURL(/product=Insight\+Platform/);
    await expect(eventRows(page).filter({ hasText: "LOG_CREATED" })).toHaveCount(1);
    await expect(page.getByRole("dialog")).toHaveCount(0);

    const again = eventRows(page).filter({ hasText: description(0) });
    await again.hover();
    await again.getByRole("button", { name: `Filter by source ${main.name}` }).click();
    await expect(rowsTable(page)).toHaveAttribute("aria-rowcount", "26");
    await expect(eventRows(page).filter({ hasText: "LOG_CREATED" })).toHaveCount(0);
    const params = new URL(page.url()).searchParams;
    expect(params.getAll("source")).toEqual([main.id]);
    expect(params.get("product")).toBe(PRODUCT);
    expect(params.get("person")).toBe(PERSON);
    expect(params.get("event")).toBeNull();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Source/ })).toHaveText(main.name);
  });

  test("the body is one tab stop; arrows, j/k, Home/End move; Enter opens; Escape returns focus to the row", async ({
    page,
  }) => {
    await signInAsAdmin(page);
    await openSearch(page, `source=${main.id}`);
    await expect(rowsTable(page).locator("tbody [tabindex='0']")).toHaveCount(1);
    const first = eventRows(page).first();
    await first.focus();
    await expect(first).toBeFocused();
    // Tab leaves the body (no link or button in a row takes it); Shift+Tab comes back to the row.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest("tbody"))).toBe(false);
    await page.keyboard.press("Shift+Tab");
    await expect(first).toBeFocused();

    const focusedRow = page.locator("tr[data-testid='event-row']:focus");
    await page.keyboard.press("ArrowDown");
    await expect(focusedRow).toHaveAttribute("aria-rowindex", "3");
    await page.keyboard.press("j");
    await expect(focusedRow).toHaveAttribute("aria-rowindex", "4");
    await page.keyboard.press("k");
    await expect(focusedRow).toHaveAttribute("aria-rowindex", "3");
    await page.keyboard.press("End");
    await expect(focusedRow).toHaveAttribute("aria-rowindex", "51");
    await expect(focusedRow).toContainText(description(49));
    await expect(focusedRow).toBeInViewport();
    await page.keyboard.press("Home");
    await expect(focusedRow).toHaveAttribute("aria-rowindex", "2");
    await expect(focusedRow).toBeInViewport();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(focusedRow).toContainText(description(2));
    const id = await focusedRow.getAttribute("data-event-link");

    // ArrowRight reaches the row's filter buttons, ArrowLeft goes back to the row.
    await page.keyboard.press("ArrowRight");
    await expect(page.locator(":focus")).toHaveAttribute("aria-label", "Filter by action ACTIVATE_COLLECTOR");
    await page.keyboard.press("ArrowLeft");
    await expect(focusedRow).toHaveAttribute("data-event-link", id!);

    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`event=${id}`));
    await expect(page.getByRole("dialog").getByRole("heading", { name: "ACTIVATE_COLLECTOR" })).toBeVisible();
    await expect(page.locator(`[data-event-link="${id}"]`)).toHaveAttribute("aria-selected", "true");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await expect(page.locator(`tr[data-event-link="${id}"]`)).toBeFocused();
  });

  test("the export links sit under the filters, above the histogram and the table", async ({ page }) => {
    await signInAsAdmin(page);
    await openSearch(page, `source=${main.id}`);
    const exports = page.getByRole("group", { name: "Export the current result" });
    await expect(exports.getByRole("link", { name: "Export CSV" })).toBeVisible();
    const bottomOf = async (locator: Locator) => {
      const box = (await locator.boundingBox())!;
      return box.y + box.height;
    };
    const topOf = async (locator: Locator) => (await locator.boundingBox())!.y;
    const filters = page.getByRole("search", { name: "Event filters" });
    expect(await bottomOf(filters)).toBeLessThanOrEqual(await topOf(exports));
    expect(await bottomOf(exports)).toBeLessThanOrEqual(await topOf(page.getByTestId("volume-histogram")));
    expect(await bottomOf(page.getByTestId("volume-histogram"))).toBeLessThanOrEqual(await topOf(rowsTable(page)));
    expect(await bottomOf(page.getByRole("heading", { name: "Search", level: 1 }))).toBeLessThan(await topOf(filters));
  });
});
