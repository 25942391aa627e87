import type { Locator, Page } from "@playwright/test";
import pg from "pg";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";
import { expectHydrated, watchPolicyViolations } from "./support/csp";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * The console's charts in real Chromium: the source activity chart's axes and its event
 * time / stored time toggle (a backfill), the health timeline from recorded history, and
 * zooming Search by dragging across its volume histogram. All drawn under the page's
 * Content-Security-Policy, with no violation and no hydration error.
 */
const HOUR = 3_600_000;
const run = Math.random().toString(36).slice(2, 6);
let backfilled: SeedSource;
let zoomed: SeedSource;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    const now = Date.now();
    backfilled = await insertSource(pool, { name: `Chart backfill ${run}` });
    // A backfill: events from 3 to 15 hours ago, all stored now.
    await seedEvents(
      pool,
      backfilled,
      [3, 7, 11, 15].map((hours) => ({ time: new Date(now - hours * HOUR), action: "LOGIN" })),
    );
    for (const [hoursAgo, status, reason] of [
      [20, "healthy", null],
      [10, "unhealthy", "key_rejected"],
      [6, "healthy", null],
    ] as const)
      await pool.query("INSERT INTO source_health_changes (source_id, at, status, reason) VALUES ($1, $2, $3, $4)", [
        backfilled.id,
        new Date(now - hoursAgo * HOUR),
        status,
        reason,
      ]);

    zoomed = await insertSource(pool, { name: `Chart zoom ${run}` });
    await seedEvents(pool, zoomed, [
      { time: new Date("2026-01-10T10:10:00Z"), description: `early event one ${run}` },
      { time: new Date("2026-01-10T10:20:00Z"), description: `early event two ${run}` },
      { time: new Date("2026-01-10T15:10:00Z"), description: `late event one ${run}` },
      { time: new Date("2026-01-10T15:40:00Z"), description: `late event two ${run}` },
    ]);
  } finally {
    await pool.end();
  }
});

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

/** The bucket counts the chart is drawn from, as its screen-reader table gives them. */
async function nonZeroBuckets(chart: Locator): Promise<number[]> {
  const cells = await chart.locator("table tbody td").allTextContents();
  return cells.map(Number).filter((events) => events > 0);
}

async function expectAxes(chart: Locator) {
  await expect(chart.locator("canvas")).toBeVisible();
  await expect(chart.locator('[data-axis="time"]')).toHaveText(/\d{2}:\d{2}|[A-Z][a-z]{2} \d{1,2}/);
  await expect(chart.locator('[data-axis="count"]')).toHaveText(/^0(, \d[\d,]*)+$/);
}

async function chartOf(page: Page) {
  return page.locator("figure").filter({ has: page.getByTestId("activity-chart") });
}

test("the activity chart has axes, and counts a backfill over its own hours or as one spike when stored", async ({
  page,
}) => {
  const policy = await watchPolicyViolations(page);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(`/log-sources/${backfilled.id}?tab=overview`);
  await expectHydrated(page, "source overview");
  const chart = await chartOf(page);
  await expect(
    page.getByRole("group", { name: "Count events by" }).getByRole("link", { name: "Event time" }),
  ).toHaveAttribute("aria-current", "true");
  await expectAxes(chart);
  await expect(chart.getByText(/Events that happened in the last 24 h: 4 events/)).toBeVisible();
  expect(await nonZeroBuckets(chart)).toEqual([1, 1, 1, 1]);

  await page.getByRole("group", { name: "Count events by" }).getByRole("link", { name: "Stored time" }).click();
  await expect(page).toHaveURL(/clock=stored/);
  await expect(chart.getByText(/Events stored in the last 24 h: 4 events/)).toBeVisible();
  await expectAxes(chart);
  expect(await nonZeroBuckets(chart)).toEqual([4]);

  await page.getByRole("group", { name: "Time range" }).getByRole("link", { name: "7 d" }).click();
  await expect(page).toHaveURL(/range=7d&clock=stored/);
  await expect(chart.locator("table tbody tr")).toHaveCount(28);
  policy.expectNone("source overview charts");
  expect(errors.filter((text) => /hydrat/i.test(text))).toEqual([]);
});

test("the health timeline shows the recorded states, with since and until on hover", async ({ page }) => {
  const policy = await watchPolicyViolations(page);
  await page.goto(`/log-sources/${backfilled.id}?tab=health`);
  const timeline = page.getByTestId("health-timeline");
  await expect(timeline.locator('[data-status="unhealthy"]')).toHaveCount(1);
  // The state before the outage, the recovery, and then whatever the console sees now (the seeded source is paused).
  await expect(timeline.locator('[data-status="healthy"]')).toHaveCount(2);
  const outage = timeline.locator('[data-status="unhealthy"]');
  const tooltip = outage.getByRole("tooltip");
  await expect(tooltip).toBeHidden();
  await outage.hover();
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText("Unhealthy (key_rejected)");
  await expect(tooltip).toContainText(/Since .+ UTC/);
  await expect(tooltip).toContainText(/Until .+ UTC/);
  const box = await outage.boundingBox();
  const band = await timeline.boundingBox();
  // Four of the 24 hours: a sixth of the band.
  expect(box!.width / band!.width).toBeGreaterThan(0.15);
  expect(box!.width / band!.width).toBeLessThan(0.19);

  await page.getByRole("group", { name: "Timeline range" }).getByRole("link", { name: "7 d" }).click();
  await expect(page).toHaveURL(/timeline=7d/);
  await expect(timeline.locator('[data-status="unhealthy"]')).toHaveCount(1);
  policy.expectNone("health timeline");
});

test("dragging across the Search volume histogram zooms the search to that range", async ({ page }) => {
  const policy = await watchPolicyViolations(page);
  const from = "2026-01-10 10:00";
  const to = "2026-01-10 17:59:59";
  await page.goto(`/search?source=${zoomed.id}&range=custom&from=${from}&to=${to}`);
  await expectHydrated(page, "search");
  const histogram = page.getByTestId("volume-histogram");
  await expect(histogram).toContainText("4 matching events, per 10 minutes");
  await expect(histogram.locator('[data-axis="time"]')).toHaveText(/\d{2}:\d{2}/);
  await expect(page.getByText(`early event one ${run}`)).toBeVisible();
  await expect(page.getByText(`late event one ${run}`)).toBeVisible();

  // From about 14:00 to about 17:50: the two late events, not the early ones.
  const area = await histogram.locator(".u-over").boundingBox();
  const y = area!.y + area!.height / 2;
  await page.mouse.move(area!.x + area!.width * 0.5, y);
  await page.mouse.down();
  await page.mouse.move(area!.x + area!.width * 0.75, y, { steps: 5 });
  await page.mouse.move(area!.x + area!.width * 0.98, y, { steps: 5 });
  await page.mouse.up();

  await expect(page).toHaveURL(/range=custom&from=2026-01-10\+1[34]%3A\d\d.*&to=2026-01-10\+17%3A/);
  expect(new URL(page.url()).searchParams.getAll("source")).toEqual([zoomed.id]);
  await expect(page.getByText(`late event one ${run}`)).toBeVisible();
  await expect(page.getByText(`late event two ${run}`)).toBeVisible();
  await expect(page.getByText(`early event one ${run}`)).toHaveCount(0);
  await expect(histogram).toContainText("2 matching events");
  policy.expectNone("search histogram");
});
