import type { Locator, Page } from "@playwright/test";
import pg from "pg";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";
import { expect, signInAsAdmin, test } from "./support/fixtures";

/**
 * Chart tick labels never overlap, on a laptop and a phone, for short and long ranges: the
 * Search volume histogram (24 h, 7 d, a custom 30 days), the source activity chart (24 h,
 * 7 d, 30 d) and the health timeline (24 h, 7 d).
 *
 * The bar charts are drawn by uPlot on a canvas, which has no boxes to measure, so their
 * time axis records where each label sits (`data-label-boxes`: uPlot's tick position, and
 * the label's width measured by the browser in the font the axis draws it in) and the
 * canvas's width. The health timeline's labels are HTML and are measured directly.
 */
const HOUR = 3_600_000;
const run = Math.random().toString(36).slice(2, 6);
let source: SeedSource;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `Chart labels ${run}` });
    const now = Date.now();
    await seedEvents(pool, source, [
      ...[2, 30, 100].map((hours) => ({ time: new Date(now - hours * HOUR), action: "LOGIN" })),
      ...[1, 10, 20, 29].map((day) => ({ time: new Date(Date.UTC(2026, 10, day, 12)), action: "LOGIN" })),
    ]);
    for (const [hoursAgo, status] of [
      [150, "healthy"],
      [20, "unhealthy"],
      [6, "healthy"],
    ] as const)
      await pool.query("INSERT INTO source_health_changes (source_id, at, status, reason) VALUES ($1, $2, $3, $4)", [
        source.id,
        new Date(now - hoursAgo * HOUR),
        status,
        status === "unhealthy" ? "key_rejected" : null,
      ]);
  } finally {
    await pool.end();
  }
});

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

type Box = [left: number, right: number];

/**
 * Each label ends at least a character's width (8 px at 12 px) before the next begins, so
 * neighbours read as two labels and not one run ("Dec 1 12:00Dec 2"), and all of them lie on
 * the chart.
 */
function expectApart(boxes: Box[], width: number, where: string) {
  expect(boxes.length, `${where}: more than one label`).toBeGreaterThan(1);
  for (let index = 1; index < boxes.length; index++)
    expect(boxes[index]![0] - boxes[index - 1]![1], `${where}: gap after label ${index}`).toBeGreaterThanOrEqual(8);
  expect(boxes[0]![0], `${where}: first label's left edge`).toBeGreaterThanOrEqual(0);
  expect(boxes.at(-1)![1], `${where}: last label's right edge`).toBeLessThanOrEqual(width);
}

/** The drawn time labels of the bar chart in `chart`, as recorded by the chart after its last draw. */
async function timeAxisBoxes(chart: Locator): Promise<{ boxes: Box[]; width: number; labels: string[] }> {
  const axis = chart.locator('[data-axis="time"]');
  await expect(chart.locator("canvas")).toBeVisible();
  await expect(axis).toHaveAttribute("data-label-boxes", /^\[\[/);
  const boxes = JSON.parse((await axis.getAttribute("data-label-boxes"))!) as Box[];
  const width = Number(await axis.getAttribute("data-chart-width"));
  const labels = (await axis.textContent())!.split(", ");
  // The boxes describe the labels the axis lists, one each.
  expect(boxes).toHaveLength(labels.length);
  return { boxes, width, labels };
}

async function openAt(page: Page, width: number, path: string) {
  await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
  await page.goto(path);
}

for (const width of [1280, 390]) {
  test(`the Search histogram's time labels stay apart at ${width} px`, async ({ page }) => {
    const ranges = {
      "24 h": "range=24h",
      "7 d": "range=7d",
      "a custom 30 days": "range=custom&from=2026-11-01 00:00&to=2026-11-30 23:59:59",
    };
    for (const [name, query] of Object.entries(ranges)) {
      await openAt(page, width, `/search?source=${source.id}&${query}`);
      const { boxes, width: chartWidth, labels } = await timeAxisBoxes(page.getByTestId("volume-histogram"));
      expectApart(boxes, chartWidth, `search ${name} at ${width} px (${labels.join(" | ")})`);
    }
  });

  test(`the source page's chart labels stay apart at ${width} px`, async ({ page }) => {
    for (const range of ["24h", "7d", "30d"]) {
      await openAt(page, width, `/log-sources/${source.id}?tab=overview&range=${range}`);
      const { boxes, width: chartWidth, labels } = await timeAxisBoxes(page.getByTestId("activity-chart"));
      expectApart(boxes, chartWidth, `activity ${range} at ${width} px (${labels.join(" | ")})`);
    }
    for (const range of ["24h", "7d"]) {
      await openAt(page, width, `/log-sources/${source.id}?tab=health&timeline=${range}`);
      // Within the shown region: while the page streams in, React can hold a second, hidden copy.
      const ticks = page.getByRole("region", { name: "Health timeline" }).getByTestId("health-timeline-ticks");
      await expect(page.getByTestId("health-timeline").locator("li").first()).toBeVisible();
      const frame = (await ticks.boundingBox())!;
      const boxes: Box[] = [];
      for (const label of await ticks.locator("span").all()) {
        const box = await label.boundingBox();
        if (!box) continue; // hidden at this width
        // One line each: a label squeezed onto two lines is no easier to read than two overlapping.
        expect(box.height, `health timeline ${range} label height at ${width} px`).toBeLessThan(24);
        boxes.push([box.x - frame.x, box.x - frame.x + box.width]);
      }
      expectApart(boxes, frame.width, `health timeline ${range} at ${width} px`);
    }
  });
}
