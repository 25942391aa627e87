import type { Page } from "@playwright/test";
import pg from "pg";
import { insertSource, type SeedSource, seedEvents } from "../helpers/seed-events";
import { createUserInDatabase, expect, signIn, test } from "./support/fixtures";

/**
 * Times: one format everywhere (a relative time with the exact one on hover, or the one
 * absolute format), in the zone each person chooses in Settings > Account (UTC until they
 * do), and Search's custom range picked with date-time pickers in that zone while the
 * link keeps UTC. A person of their own, so changing the zone moves no other test's times.
 */
const run = Math.random().toString(36).slice(2, 6);
const PERSON = {
  email: `tz-${run}@example.com`,
  name: "Tomo Zone",
  password: "tokyo lantern 44 bridges",
  role: "ANALYST" as const,
};
const ACTION = `TZ_PROBE_${run.toUpperCase()}`;
/** 12:00 UTC is 21:00 in Tokyo (no daylight saving there, so the test means the same all year). */
const EVENT_TIME = new Date("2026-01-15T12:00:00Z");
const ABSOLUTE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (UTC|GMT[+-]\d+)$/;
let source: SeedSource;

test.beforeAll(async () => {
  const pool = new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL });
  try {
    source = await insertSource(pool, { name: `Time zone source ${run}` });
    await seedEvents(pool, source, [
      { time: EVENT_TIME, action: ACTION, email: "tz@e2e.example" },
      { time: new Date(Date.now() - 10 * 60_000), action: ACTION, email: "tz@e2e.example" },
    ]);
    await createUserInDatabase((text, values) => pool.query(text, values).then((r) => r.rows), PERSON);
  } finally {
    await pool.end();
  }
});

const rangeUrl = (from: string, to: string) =>
  `/search?source=${source.id}&range=custom&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&action=${ACTION}`;

test.describe("times", () => {
  test("Search shows every time in one format: the table, the drawer's header and its storage facts", async ({
    page,
  }) => {
    await signIn(page, PERSON.email, PERSON.password);
    await page.goto(`/search?source=${source.id}&action=${ACTION}`);
    const rowTime = page.getByTestId("event-row").first().locator("td").first();
    await expect(rowTime).toHaveText(ABSOLUTE);
    await expect(rowTime.locator("time")).toHaveAttribute("title", ABSOLUTE);

    await rowTime.getByRole("link").click();
    const drawer = page.getByRole("dialog");
    await expect(drawer.locator("header time")).toHaveText(ABSOLUTE);
    const storage = drawer.getByTestId("storage");
    await expect(storage.locator("dd").nth(1)).toHaveText(ABSOLUTE);
    await expect(storage.locator("dd").nth(2)).toHaveText(ABSOLUTE);

    // Where recency matters the time is relative, with the exact time on hover.
    await page.goto("/log-sources");
    const lastEvent = page
      .getByRole("row", { name: new RegExp(source.name) })
      .locator("time")
      .first();
    await expect(lastEvent).toHaveText(/^(just now|\d+ (s|min|h|d) ago)$/);
    await expect(lastEvent).toHaveAttribute("title", ABSOLUTE);
  });

  test("a person chooses a time zone: times shift, the zone is named, and the range pickers work in it", async ({
    page,
    sql,
  }) => {
    await signIn(page, PERSON.email, PERSON.password);
    // UTC until chosen; links written before pickers ("2026-01-15 11:00", UTC) keep working.
    await page.goto(rangeUrl("2026-01-15 11:00", "2026-01-15 13:00"));
    const rowTime = page.getByTestId("event-row").locator("td").first();
    await expect(rowTime).toHaveText("2026-01-15 12:00:00 UTC");
    await expect(page.getByLabel("From (UTC)")).toHaveValue("2026-01-15T11:00");

    await page.goto("/settings/account");
    await chooseTimeZone(page, "Asia/Tokyo");
    expect(await sql("SELECT time_zone FROM users WHERE email = $1", [PERSON.email])).toEqual([
      { time_zone: "Asia/Tokyo" },
    ]);

    await page.goto(rangeUrl("2026-01-15T11:00", "2026-01-15T13:00"));
    await expect(rowTime).toHaveText("2026-01-15 21:00:00 GMT+9");
    await expect(rowTime.locator("time")).toHaveAttribute("title", "2026-01-15 21:00:00 GMT+9 (Asia/Tokyo)");
    // The pickers show the range in Tokyo time and say so.
    const from = page.getByLabel("From (Asia/Tokyo)");
    await expect(from).toHaveAttribute("type", "datetime-local");
    await expect(from).toHaveValue("2026-01-15T20:00");
    await expect(page.getByLabel("To (Asia/Tokyo)")).toHaveValue("2026-01-15T22:00");

    // 21:30 in Tokyo is 12:30 UTC: the event at 12:00 UTC falls out, and the link says UTC.
    await from.fill("2026-01-15T21:30");
    await expect(page).toHaveURL(/from=2026-01-15T12%3A30(&|$)/);
    await expect(page.getByTestId("event-row")).toHaveCount(0);

    // Back to UTC: the same event reads 12:00 again.
    await page.goto("/settings/account");
    await chooseTimeZone(page, "UTC");
    await page.goto(rangeUrl("2026-01-15T11:00", "2026-01-15T13:00"));
    await expect(rowTime).toHaveText("2026-01-15 12:00:00 UTC");
  });
});

/**
 * Chooses and saves a time zone. A choice made before the page hydrates is replaced by the
 * saved one when React takes over, so it is made again until the saved toast names it.
 */
async function chooseTimeZone(page: Page, zone: string): Promise<void> {
  await expect(async () => {
    await page.getByRole("combobox", { name: "Time zone" }).selectOption(zone);
    await page.getByRole("button", { name: "Save time zone" }).click();
    await expect(page.locator("[data-toast]").filter({ hasText: `Times are now shown in ${zone}.` })).toBeVisible({
      timeout: 5_000,
    });
  }).toPass({ timeout: 60_000 });
}
