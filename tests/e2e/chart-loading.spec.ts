import pg from "pg";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";
import { expectHydrated } from "./support/csp";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * Search's volume histogram (uPlot) is fetched after the page: while its script is on its
 * way, a placeholder of the chart's height says the chart is loading, and nothing moves
 * when the chart replaces it. The test holds back every script carrying uPlot and checks
 * the page hydrates meanwhile, so uPlot is not part of what the page needs to start.
 */
const run = Math.random().toString(36).slice(2, 6);
let source: SeedSource;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `Chart loading ${run}` });
    const now = Date.now();
    await seedEvents(
      pool,
      source,
      [2, 30, 100].map((hours) => ({ time: new Date(now - hours * 3_600_000), action: "LOGIN" })),
    );
  } finally {
    await pool.end();
  }
});

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

test("Search shows a placeholder of the chart's height while the chart's script loads", async ({ page }) => {
  // Hold back every script that carries uPlot (its class names are in its code) until the placeholder is seen.
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: string[] = [];
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes("u-over")) {
      held.push(route.request().url());
      await released;
    }
    await route.fulfill({ response, body });
  });
  await page.goto(`/search?source=${source.id}&range=7d`);
  const histogram = page.getByTestId("volume-histogram");
  const loading = histogram.getByRole("status");
  await expect(loading).toHaveText("Loading chart…");
  // The rest of the page is there and live meanwhile; the chart's script has been asked for and is held.
  await expect(page.getByRole("table").first()).toBeVisible();
  await expectHydrated(page, "search with the chart's script held back");
  await expect.poll(() => held.length).toBeGreaterThan(0);
  const before = (await histogram.boundingBox())!;

  release();
  await expect(histogram.locator("canvas")).toBeVisible();
  await expect(loading).toHaveCount(0);
  const after = (await histogram.boundingBox())!;
  expect(after.height).toBe(before.height);
  expect(after.y).toBe(before.y);
});
