import pg from "pg";
import { insertSource } from "../helpers/seed-events";
import { expect, signInAsAdmin, test } from "./support/fixtures";
import { shot } from "./support/screenshots";

/**
 * A source's coverage in real Chromium: ledger windows seeded straight into the console's
 * database (verified, repaired, short, unverifiable, pending) show on the source page as a
 * strip whose cells say their state and counts, a table of the windows with a difference,
 * "last verified up to", the Log Sources completeness column, and the printable report.
 */
const run = Math.random().toString(36).slice(2, 6);
const WINDOW = 15 * 60_000;
const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const day = new Date(today).toISOString().slice(0, 10);
let sourceId: string;
let sourceName: string;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    ({ id: sourceId, name: sourceName } = await insertSource(pool, { name: `Coverage ${run}` }));
    const windows: Array<[string, number | null, number | null, number, string | null]> = [
      ["verified", 12, 12, 0, null],
      ["repaired", 7, 7, 1, null],
      ["short", 3, 5, 3, "Rapid7 holds 2 more record(s) than Intake stored, even after reading the window again."],
      ["unverifiable", null, null, 0, "Rapid7 could not be asked for its count: it answered 503."],
      ["pending", null, null, 0, null],
    ];
    for (const [index, [state, intake, rapid7, repulls, reason]] of windows.entries()) {
      await pool.query(
        `INSERT INTO coverage_windows (source_id, starts_at, ends_at, state, intake_count, rapid7_count, repulls, reason, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
        [
          sourceId,
          new Date(today + index * WINDOW),
          new Date(today + (index + 1) * WINDOW),
          state,
          intake,
          rapid7,
          repulls,
          reason,
        ],
      );
    }
  } finally {
    await pool.end();
  }
});

test("shows the coverage strip, the numbers behind each window and how far coverage is verified", async ({ page }) => {
  await signInAsAdmin(page);
  await page.goto(`/log-sources/${sourceId}`);
  await expect(page.getByRole("heading", { name: "Coverage", exact: true })).toBeVisible();
  await expect(page.getByTestId("coverage-verified-up-to")).toContainText("Last verified up to");

  const strip = page.getByTestId(`coverage-strip-${day}`);
  await expect(strip).toBeVisible();
  await expect(strip.locator("li")).toHaveCount(96);
  // Each cell says its state and both counts in words, not only in colour: as text a screen
  // reader reads (a title alone is not read by every one) and as hover text.
  const short = strip
    .getByRole("listitem")
    .filter({ hasText: /^00:30–00:45 UTC: Short\. Intake 3, Rapid7 5, read again 3×/ });
  await expect(short).toHaveCount(1);
  await expect(short).toHaveAttribute("title", /Short\. Intake 3, Rapid7 5/);
  await expect(
    strip.getByRole("listitem").filter({ hasText: /^00:15–00:30 UTC: Repaired\. Intake 7, Rapid7 7/ }),
  ).toHaveCount(1);
  await expect(
    strip.getByRole("listitem").filter({ hasText: /^01:00–01:15 UTC: Pending\. Rapid7 not asked yet/ }),
  ).toHaveCount(1);

  const differences = page.getByRole("table", { name: "Coverage windows with a difference" });
  const shortRow = differences.locator('tr[data-state="short"]');
  await expect(shortRow).toContainText("Short");
  await expect(shortRow.locator("td").nth(2)).toHaveText("3");
  await expect(shortRow.locator("td").nth(3)).toHaveText("5");
  await expect(differences.locator('tr[data-state="unverifiable"]')).toContainText("503");
  await expect(page.getByTestId("coverage-totals")).toContainText("1 verified, 1 repaired, 1 short");

  // The day's full numbers open below its strip; they are not rendered until asked for.
  await expect(page.getByRole("table", { name: `Coverage windows of ${day}`, includeHidden: true })).toHaveCount(0);
  await page.getByText(`Numbers for ${day} (5 windows)`).click();
  await expect(page.getByRole("table", { name: `Coverage windows of ${day}` }).locator("tbody tr")).toHaveCount(5);
  await page.getByRole("heading", { name: "Coverage", exact: true }).scrollIntoViewIfNeeded();
  await shot(page, "coverage-panel");

  // The Log Sources list says the source has a short window.
  // The shown row: while the list streams in, React can hold a second, hidden copy of it.
  await page.goto(`/log-sources?q=${run}`);
  await expect(
    page.getByTestId(`source-row-${sourceName}`).filter({ visible: true }).getByTestId("source-completeness"),
  ).toHaveText("1 window short");

  // The printable report names its audit-trail anchor.
  await page.goto(`/log-sources/${sourceId}/coverage-report`);
  // Within the shown report: while the page streams in, React can hold a second, hidden copy.
  await expect(page.getByRole("article").getByTestId("coverage-report-anchor")).toHaveText(/^[0-9a-f]{64}$/);
  await shot(page, "coverage-report");
});

test("a day's numbers opened before the page has hydrated still show once it has", async ({ page }) => {
  await signInAsAdmin(page);
  // Hold the page's scripts back, so the disclosure is opened while the page is still plain HTML.
  let releaseScripts = () => {};
  const scriptsHeld = new Promise<void>((resolve) => (releaseScripts = resolve));
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    await scriptsHeld;
    await route.continue();
  });
  await page.goto(`/log-sources/${sourceId}`, { waitUntil: "commit" });
  await page.getByText(`Numbers for ${day} (5 windows)`).click();
  releaseScripts();
  await expect(page.getByRole("table", { name: `Coverage windows of ${day}` }).locator("tbody tr")).toHaveCount(5);
});
